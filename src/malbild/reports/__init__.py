"""Rendering of report structures (render.py: HTML, PDF, DOCX, XLSX; charts.py: matplotlib
SVG/PNG). Domain-free: apps build the structure (followup.report) and import this package;
it imports no domain app."""
