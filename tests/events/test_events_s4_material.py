"""Material-cooperation recall classes (AID, COOPERATE, RETREAT, MOBILIZE), fourth session: each row is one
fix class, written fresh for the test (not taken from any gold file), with near misses it must not fire on."""

from __future__ import annotations

import pytest

from detente.events._lexicon import load_lexicon


@pytest.mark.parametrize(
    "text, event, mode, actors, recipients",
    [
        # named-entity objects ("freed <PERSON>", "handed <MONEY>") match spaCy's upper-case labels
        ("China freed the Japanese businessman Taro Yamada on Friday.", "RETREAT", "release", ["CHN"], None),
        ("Japan handed the Philippines $40 million to pay its coast guard.", "AID", None, ["JPN"], ["PHL"]),
        # freeing a state's nationals, named by a plural demonym (guide 3 RETREAT release)
        ("Iran released three detained Americans on Tuesday.", "RETREAT", "release", ["IRN"], None),
        # "handed over": a wanted person under an extradition treaty is COOPERATE, vessels given are AID
        ("Japan handed over a wanted Chinese banker to China under an extradition treaty.", "COOPERATE", None,
         ["JPN"], None),
        ("Japan handed over three coast guard vessels to the Philippines on Monday.", "AID", None, ["JPN"],
         ["PHL"]),
        # deliveries told as arrivals and flights ("landed", "flew ... to"), credit lines, debt relief, loans
        ("A Japanese aircraft carrying 20 tonnes of medicine landed in Kyiv on Monday.", "AID", None, ["JPN"],
         None),
        ("Japan flew a cargo of tents and blankets to Ukraine on Sunday.", "AID", None, ["JPN"], ["UKR"]),
        ("Food and medicine for Iranian flood victims were flown in by Japanese aircraft.", "AID", None, ["JPN"],
         ["IRN"]),
        ("China extended a $2 billion credit line to Iran on Monday.", "AID", None, ["CHN"], ["IRN"]),
        # taking in refugees is asylum (guide 3 AID)
        ("Poland took in a million Ukrainian refugees last year.", "AID", None, ["POL"], ["UKR"]),
        ("Russia wrote off $5 billion of Ukraine's debt.", "AID", None, ["RUS"], ["UKR"]),
        # energy flowing to a state through a shared pipeline (guide 3 COOPERATE)
        ("Russian gas began flowing to China through the new pipeline on Monday.", "COOPERATE", None, ["RUS"],
         ["CHN"]),
        ("Iranian gas reached Japan through the new terminal for the first time.", "COOPERATE", None, ["IRN"],
         ["JPN"]),
        ("Russia began pumping oil to China through the eastern pipeline.", "COOPERATE", None, ["RUS"], ["CHN"]),
        # forces that arrive for drills with another state's forces: the joint drills are COOPERATE
        ("Russian troops arrived in Iran for a week-long exercise with the Iranian army.", "COOPERATE", None,
         ["RUS"], ["IRN"]),
        # granting another state's forces use of bases (guide 3 COOPERATE), trade deals in force
        ("Japan let American troops use two airfields on Okinawa.", "COOPERATE", None, ["JPN"], ["USA"]),
        ("The Philippines gave Japanese forces access to three ports on Monday.", "COOPERATE", None, ["PHL"],
         ["JPN"]),
        ("A free trade agreement between China and Iran entered into force on Monday.", "COOPERATE", None,
         ["CHN", "IRN"], None),
        # money given in a currency the tagger reads as a number ("100 million euros")
        ("Japan gave Ukraine 80 million euros on Monday.", "AID", None, ["JPN"], ["UKR"]),
        # joint sorties are joint exercises (guide 3 COOPERATE), not a single country's flights
        ("Japanese and American pilots flew joint training sorties over Okinawa this week.", "COOPERATE", None,
         ["JPN", "USA"], None),
        # troops shipped abroad (guide 3 MOBILIZE troops)
        ("Russia began shipping troops to Iran on Monday.", "MOBILIZE", "troops", ["RUS"], ["IRN"]),
        # air-defence batteries ordered to a place are moved (guide 3 MOBILIZE weapons)
        ("Japan ordered Patriot interceptor batteries to Okinawa on Friday.", "MOBILIZE", "weapons", ["JPN"],
         None),
        # handing over, surrendering or removing weapons is disarmament (guide 3 RETREAT disarm), not aid
        ("Iran handed over its chemical weapons stockpile to Russia on Monday.", "RETREAT", "disarm", ["IRN"],
         ["RUS"]),
        ("Iran handed the last batch of its weapons to Russian inspectors.", "RETREAT", "disarm", ["IRN"], None),
        ("Ukraine surrendered its remaining nuclear warheads on Monday.", "RETREAT", "disarm", ["UKR"], None),
        ("Japan completed the removal of its plutonium stockpile on Friday.", "RETREAT", "disarm", ["JPN"], None),
        ("Iran removed two tonnes of enriched uranium from the site on Monday.", "RETREAT", "disarm", ["IRN"],
         None),
        # "handed over 12 ...": the parser reads the particle as "more than" on the count
        ("China handed over 12 detained Japanese fishermen on Monday.", "RETREAT", "release", ["CHN"], None),
        # an aircraft violating a state's airspace is a move of force (guide 3 MOBILIZE weapons)
        ("A Russian military plane violated Japan's airspace on Tuesday.", "MOBILIZE", "weapons", ["RUS"],
         ["JPN"]),
        # troops crossing or rolling into a state are deployed there (guide 3 MOBILIZE troops)
        ("Russian troops crossed into Ukraine on Thursday.", "MOBILIZE", "troops", ["RUS"], ["UKR"]),
        ("Chinese troops rolled into the border town on Sunday, Japan said.", "MOBILIZE", "troops", ["CHN"], None),
        # the finite verb still codes the move ("stationed missiles in ..."), only the participle is a presence
        ("Russia stationed tactical nuclear weapons in Iran on Monday.", "MOBILIZE", "weapons", ["RUS"], ["IRN"]),
        # a withdrawal's recipient is the state whose ground is left (round 3), not the actor's own
        ("Japanese troops withdrew from southern Iraq on Monday.", "RETREAT", "withdraw", ["JPN"], ["IRQ"]),
        ("China withdrew its troops from the eastern districts of Nepal.", "RETREAT", "withdraw", ["CHN"], ["NPL"]),
        ("Russian forces had withdrawn from the entire northern region of Georgia, officials said.", "RETREAT",
         "withdraw", ["RUS"], ["GEO"]),
        ("Japanese troops withdrew from the border on Friday.", "RETREAT", "withdraw", ["JPN"], []),
        ("Japan completed its withdrawal from Iraq on Sunday.", "RETREAT", "withdraw", ["JPN"], ["IRQ"]),
    ],
)
def test_events_material_recall_classes(code, text, event, mode, actors, recipients):
    evs = [e for e in code(text) if e.event == event]
    assert evs, [(e.event, e.mode, e.rule) for e in code(text)]
    assert evs[0].mode == mode
    assert sorted({m.code for m in evs[0].actor}) == actors
    if recipients is not None:
        assert sorted({m.code for m in evs[0].recipient if m.code}) == recipients


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Chinese police handed over the suspect to prosecutors on Monday.", "COOPERATE"),  # no state acts
        ("Iran handed over the seized Japanese tanker to Japan.", "AID"),  # a detained ship returned
        ("The Japanese plane landed in Tokyo on Friday.", "AID"),  # a flight home, no aid on board
        ("The US Congress approved an $800 billion defence budget.", "AID"),  # a budget, not a loan
        ("Russian troops arrived in Iran for drills with the Iranian army.", "CONSULT"),  # forces, not a visit
        ("Japan ordered Patriot missiles from the United States.", "MOBILIZE"),  # a purchase, not a move
        ("Iran let Japanese inspectors use the site on Monday.", "COOPERATE"),  # access for inspectors, no forces
        ("The new Chinese security law came into force on Monday.", "COOPERATE"),  # no trade or cooperation
        ("The United States called on China to free jailed activists.", "RETREAT"),  # asked for, not done
        ("Japan said it would release treated water from the Fukushima plant.", "CONCEDE"),  # not a captive
        ("China gave a speech worth a million dollars.", "AID"),  # money named, nobody given it
        ("Oil prices reached a record in Japan on Monday.", "COOPERATE"),  # a price, not a supply reaching a state
        ("Russian police took in Ukrainians for questioning.", "AID"),  # detention, not refuge
        ("The new Japanese liquid-fuelled missile is capable of reaching China.", "COOPERATE"),  # a weapon's range
        ("Russia ordered its troops to withdraw from the Ukrainian bank of the river.", "MOBILIZE"),  # a pullback
        ("China gave Japan 48 hours to dismantle the radar on the islands.", "RETREAT"),  # an ultimatum's demand
        ("Japan shipped food for Ukrainian soldiers to Ukraine.", "MOBILIZE"),  # aid for troops, not troops
        ("Japan handed over 40 tanks to Ukraine on Monday.", "RETREAT"),  # arms given are aid, not disarmament
        ("Russia demanded the removal of American nuclear weapons from Japan.", "RETREAT"),  # asked for, not done
        ("Japan removed the last sanctions on Iran on Monday.", "RETREAT"),  # an easing (CONCEDE)
        ("Japan handed over 300 pages of documents to the court.", "RETREAT"),  # no captive, no weapon
        ("A Chinese airline violated Japanese safety rules.", "MOBILIZE"),  # a rule broken, no airspace
        ("Thousands of Ukrainian refugees crossed into Poland on Monday.", "MOBILIZE"),  # civilians, not forces
        ("The last Russian troops rolled across the border from Ukraine into Russia.", "MOBILIZE"),  # a way out
        ("The last Japanese troops left Iraq on Sunday, crossing into Kuwait.", "MOBILIZE"),  # the withdrawal's route
        ("China gave the Japanese troops stationed on the islands a month to leave.", "MOBILIZE"),  # a presence
        ("A Chinese ship blocked supplies to Philippine marines based on the shoal.", "MOBILIZE"),  # a presence

    ],
)
def test_events_material_near_misses(code, text, absent):
    assert absent not in [e.event for e in code(text)], [(e.event, e.rule) for e in code(text)]


@pytest.mark.parametrize(
    "text, sides",
    [
        # each side of a swap frees the other's people: one event per side (guide 3 RETREAT release)
        ("Russia and Ukraine swapped 90 prisoners each on Sunday.", {("RUS", "UKR"), ("UKR", "RUS")}),
        ("Iran and Japan carried out a prisoner swap on Friday.", {("IRN", "JPN"), ("JPN", "IRN")}),
        ("Russia swapped two Japanese prisoners for a Russian spy.", {("RUS", "JPN")}),  # one side named
    ],
)
def test_events_material_swap_sides(code, text, sides):
    evs = [e for e in code(text) if e.event == "RETREAT"]
    got = {(a.code, r.code) for e in evs for a in e.actor for r in e.recipient}
    assert got == sides and len(evs) == len(sides), [(e.actor, e.recipient, e.rule) for e in evs]
    assert len({e.id for e in evs}) == len(evs)  # distinct ids for the sides


@pytest.mark.parametrize(
    "text, event, hypothetical",
    [
        # an inverted conditional ("Should X hold, ...") states a condition, not an act (guide 5)
        ("Should the ceasefire hold, Japan would send reconstruction aid.", "RETREAT", True),
        ("Should Russia withdraw its troops from Ukraine, Japan would lift its sanctions.", "RETREAT", True),
        ("The ceasefire between Russia and Ukraine took effect on Monday.", "RETREAT", False),
        ("Russia and Ukraine agreed a ceasefire, and the truce should hold, Japan said.", "RETREAT", False),
    ],
)
def test_events_material_inverted_conditional(code, text, event, hypothetical):
    evs = [e for e in code(text) if e.event == event]
    assert evs and evs[0].hypothetical is hypothetical, [(e.event, e.hypothetical, e.rule) for e in code(text)]


def test_events_material_entity_labels_upper_case():
    # the lexicon keeps entity labels as spaCy writes them; words are lower-cased, labels are not
    rules = [r for rules in load_lexicon().verbs.values() for r in rules if r.obj_ent]
    assert rules and all(label.isupper() for r in rules for label in r.obj_ent)
