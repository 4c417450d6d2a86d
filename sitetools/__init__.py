"""The logic behind the invoke tasks: building, serving, checking and publishing."""
