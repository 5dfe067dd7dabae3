"""Data files for nlp: domain dictionary, stop words, shipped examples and model."""
