"""Build-speed benchmark: our site against stock Pelican on the same synthetic news."""
