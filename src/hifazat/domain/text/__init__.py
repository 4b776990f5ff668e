"""Text normalisation, language identification and lexicons."""
