"""Chinese text understanding: jieba tokenizer, classifier and field extraction."""

from nlp.extract import Extracted, extract_fields

__all__ = ["Extracted", "extract_fields"]
