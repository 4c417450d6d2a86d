"""Bali Process figures: one data file, shown on every page of the site."""

from .bali_process import register
from .figures import BaliProcessDataError, Figures, load_figures

__all__ = ["BaliProcessDataError", "Figures", "load_figures", "register"]
