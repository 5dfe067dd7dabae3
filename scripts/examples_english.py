"""Hand-written complaints in English (newcomer trial: "order never arrived, tracking says
delivered" and "the cashier was rude" were filed as 其他, because the shipped model had seen
only a handful of English words mixed into Chinese lines).

Written for this project, as foreign customers of Chinese shops, hotels and platforms write
in a chat: short, informal, sometimes angry; labelled by shared/data/README.md's conventions
(the issue the complaint dwells on; urgent for safety, food safety, regulators and lawyers,
fraud, and large sums). Not drawn from any scored or public corpus.
"""

from __future__ import annotations

from examples_handwritten import AS, BL, GEN, IMP, LG, MS, OT, PQ, SA, URG

ENGLISH: list[tuple[str, str, str]] = [
    # product quality
    ("The headphones I bought stopped working after two days", PQ, IMP),
    ("the left earbud has no sound at all", PQ, IMP),
    ("My new phone keeps restarting and the screen flickers", PQ, IMP),
    ("the jacket ripped at the seam the first time I wore it", PQ, IMP),
    ("the rice cooker is broken, it won't heat up", PQ, IMP),
    ("the coffee was cold and tasted burnt", PQ, GEN),
    ("The room smelled of smoke and the sheets had stains", PQ, IMP),
    ("the shoes are a different colour from the photos", PQ, GEN),
    ("I found a hair in my noodles, disgusting", PQ, URG),
    ("there was a bug in the salad I ordered", PQ, URG),
    ("the milk was expired and my kid got a stomach ache", PQ, URG),
    ("the charger got so hot it started smoking", PQ, URG),
    ("The portion was tiny for the price", PQ, GEN),
    ("they sent me a used laptop, not a new one, there are scratches everywhere", PQ, IMP),
    ("the fridge is leaking water onto the floor", PQ, IMP),
    # service attitude
    ("The cashier was rude and rolled her eyes at me", SA, IMP),
    ("the staff at the front desk ignored me for ten minutes", SA, IMP),
    ("your waiter shouted at my wife", SA, IMP),
    ("customer service hung up on me twice", SA, IMP),
    ("the shop assistant was very impolite", SA, GEN),
    ("nobody at the counter would help me, they were all on their phones", SA, IMP),
    ("the manager refused to even talk to me and laughed", SA, IMP),
    ("the security guard pushed me out of the store", SA, URG),
    ("the receptionist was unfriendly and unprofessional", SA, GEN),
    ("staff were chatting and ignored the queue", SA, GEN),
    # logistics
    ("My order never arrived but tracking says delivered", LG, IMP),
    ("the parcel has been stuck in transit for two weeks", LG, IMP),
    ("the delivery guy left my package outside in the rain", LG, IMP),
    ("food delivery took two hours and arrived cold", LG, IMP),
    ("the courier refused to bring it upstairs", LG, GEN),
    ("my package was delivered to the wrong address", LG, IMP),
    ("still not shipped after 10 days", LG, IMP),
    ("the box arrived crushed and the vase inside was broken", LG, IMP),
    ("the rider was very late and the soup spilled everywhere", LG, IMP),
    ("the delivery is late again", LG, GEN),
    # after-sales
    ("I asked for a refund two weeks ago and nothing happened", AS, IMP),
    ("they refuse to repair it although it is under warranty", AS, IMP),
    ("the return was approved but I still have not got my money back", AS, IMP),
    ("after-sales keeps telling me to wait, no one ever calls back", AS, IMP),
    ("the repair shop had my car for a month and the problem is still there", AS, IMP),
    ("they will not exchange the wrong size", AS, GEN),
    ("the insurance claim was rejected with no reason", AS, IMP),
    ("I sent it back for repair three times and it is still broken", AS, IMP),
    ("I want to cancel my membership but they will not let me", AS, IMP),
    ("nobody answers the after sales hotline", AS, GEN),
    # billing
    ("I was charged twice for the same order", BL, IMP),
    ("there is a monthly fee on my card I never agreed to", BL, IMP),
    ("the bill is much higher than the price on the menu", BL, IMP),
    ("they charged me a service fee that was never mentioned", BL, IMP),
    ("the coupon did not work and I paid full price", BL, GEN),
    ("the price dropped the day after I bought it, no refund of the difference", BL, GEN),
    ("the installation fee was three times what they quoted", BL, IMP),
    ("the interest on this loan is way too high", BL, IMP),
    ("hotel charged my card for the minibar I never used", BL, IMP),
    ("the taxi driver overcharged me", BL, GEN),
    # misleading
    ("the ad said free shipping but I had to pay for it", MS, IMP),
    ("they promised a free gift and never sent it", MS, GEN),
    ("the product is nothing like what was advertised", MS, IMP),
    ("the salesman said there was no fee, then I was charged one", MS, IMP),
    ("they told me the insurance was free, it was not", MS, IMP),
    ("false advertising, the battery lasts two hours not ten", MS, IMP),
    ("the room was advertised with a sea view, we got a wall", MS, IMP),
    ("they said late checkout was included, then refused", MS, GEN),
    ("the discount shown online was fake, the price was raised first", MS, IMP),
    ("the agent lied about the interest rate when I signed", MS, IMP),
    # other
    ("someone used my card without my permission", OT, URG),
    ("debt collectors keep calling my family and my boss", OT, URG),
    ("my account was frozen for no reason", OT, IMP),
    ("I did not take this loan, someone used my ID", OT, URG),
    ("the app will not let me log in", OT, GEN),
    ("I keep getting spam calls from your company", OT, GEN),
    ("I lost my job and cannot pay this month, please give me more time", OT, IMP),
    ("bad experience, would not recommend", OT, GEN),
    ("my credit report shows a debt that is not mine", OT, IMP),
    ("I want the invoice for my order", OT, GEN),
]
