"""Chinese text understanding: jieba tokenizer, classifier and field extraction."""

from nlp.classifier import Classification, Classifier
from nlp.extract import Extracted, extract_fields

__all__ = ["Classification", "Classifier", "Extracted", "extract_fields"]
