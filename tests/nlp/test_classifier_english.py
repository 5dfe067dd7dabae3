"""English complaints get a category (newcomer trial: every English ticket was 其他). Lines
written for this test, not taken from the training lines (scripts/examples_english.py):
the shipped model must get most of them right, as it does for Chinese (test_classifier)."""

from __future__ import annotations

import pytest

from nlp import tokenizer
from nlp.classifier import Classifier

HELD_OUT = [
    ("The blender I ordered makes a burning smell and stopped after one use", "product_quality"),
    ("my sofa cushion is torn already, the fabric is terrible", "product_quality"),
    ("The girl at the checkout was really rude to my mother", "service_attitude"),
    ("hotel staff were arrogant and would not listen to us", "service_attitude"),
    ("Order never arrived, the tracking says delivered but nothing at my door", "logistics"),
    ("my parcel is lost, the courier company does not answer", "logistics"),
    ("Still waiting for my refund, it has been a month", "after_sales"),
    ("they will not fix my washing machine even though it has warranty", "after_sales"),
    ("I got charged twice on my credit card for one dinner", "billing"),
    ("hidden fees on my phone bill every month", "billing"),
    ("The website promised a free gift with the order, nothing came", "misleading"),
    ("the seller said it was waterproof, it is not, that is a lie", "misleading"),
    ("somebody stole my card details and bought things online", "other"),
    ("collection agents call me twenty times a day and threaten me", "other"),
]


# Written after the English cue words were chosen, and not used to choose them: the figure on
# these is the honest one (the first list's errors shaped nlp/cues.py's English words).
FRESH = [
    ("the tv remote is already broken, half the buttons do nothing", "product_quality"),
    ("bread was mouldy when I opened the bag", "product_quality"),
    ("the bellboy was so rude when I asked for help with my bags", "service_attitude"),
    ("your customer service agent was sarcastic and hung up", "service_attitude"),
    ("package marked as delivered yesterday, I never got it", "logistics"),
    ("it is day 12 and my order still has not been shipped", "logistics"),
    ("I returned the dress three weeks ago and no refund yet", "after_sales"),
    ("the technician came twice and the aircon is still not repaired", "after_sales"),
    ("why is there an extra 200 yuan service charge on my bill", "billing"),
    ("I was billed for a subscription I cancelled", "billing"),
    ("the listing said genuine leather, it is plastic", "misleading"),
    ("the salesperson promised free installation and then charged me", "misleading"),
    ("someone opened a loan in my name", "other"),
    ("my bank account got frozen and nobody tells me why", "other"),
]


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    tokenizer.load()
    return Classifier.load()


def test_most_english_complaints_get_their_category(classifier: Classifier) -> None:
    wrong = [
        (text, want, got.category)
        for text, want in HELD_OUT
        if (got := classifier.classify(text)).category != want
    ]
    assert len(wrong) <= 3, wrong


def test_english_complaints_not_used_to_write_the_cues(classifier: Classifier) -> None:
    wrong = [
        (text, want, got.category)
        for text, want in FRESH
        if (got := classifier.classify(text)).category != want
    ]
    assert len(wrong) <= 4, wrong
