"""The monthly network report as HTML and A4 PDF, in Tajik, Russian and English, with charts
drawn as inline SVG; it renders figures that casework has already suppressed."""
