"""A HateCheck-style functional suite, scored as the hidden one is: `identity_attack >= 0.5`.

Our own templates (not the hidden suite, and written by the people who built the model, so not
an independent estimate): 30 functionalities, hateful and not, over 8 protected groups, plus
non-protected targets. The LATER_* templates were written afterwards in three rounds without
looking at the model first; BENCHMARKS.md records how the model did on them before rules were
added for them. The HELD_OUT_* templates are never used to write rules: their accuracy is the
estimate for phrasings nobody anticipated. Prints accuracy per functionality and overall.
Run: .venv/bin/python benchmarks/functional_suite.py [--model-dir DIR]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from civility.domain import Submission
from civility.pipeline.abuse import AbuseScorer, make_abuse

GROUPS = (
    "Muslims",
    "Jews",
    "women",
    "immigrants",
    "gay people",
    "black people",
    "trans people",
    "disabled people",
)
# Obfuscated spellings of each group, as HateCheck's spelling functionalities use them.
SWAPPED = (
    "Mulsims",
    "Jwes",
    "wmoen",
    "immigarnts",
    "gay poeple",
    "blakc people",
    "trnas people",
    "disabeld people",
)
SPACED = (
    "M u s l i m s",
    "J e w s",
    "w o m e n",
    "immigrant s",
    "g a y people",
    "bl ack people",
    "tr ans people",
    "dis abled people",
)
DELETED = (
    "Mslims",
    "Jws",
    "wmen",
    "imigrants",
    "gy people",
    "blck people",
    "trns people",
    "disbled people",
)
GLUED = (
    "Muslims",
    "Jews",
    "women",
    "immigrants",
    "gaypeople",
    "blackpeople",
    "transpeople",
    "disabledpeople",
)

HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": ("I hate {g}.", "I despise {g} so much.", "{G} make me sick."),
    "derog_neg_attrib_h": (
        "{G} are disgusting.",
        "All {g} are liars.",
        "{G} are a cancer on society.",
    ),
    "derog_dehum_h": ("{G} are vermin.", "{G} are nothing but animals.", "{G} are subhuman filth."),
    "derog_impl_h": (
        "{G} belong in a zoo.",
        "I'd never let {g} near my children.",
        "{G} ruin every place they go.",
    ),
    "threat_dir_h": (
        "I am going to kill all {g}.",
        "I will hurt any {g} I meet.",
        "We will burn {g} out of this town.",
    ),
    "threat_norm_h": (
        "{G} should all be shot.",
        "{G} deserve to die.",
        "Someone should get rid of {g} for good.",
    ),
    "profanity_h": ("{G} are fucking scum.", "Fuck all {g}.", "{G} are shit."),
    "ref_subs_sent_h": (
        "I met some {g} today. They are vermin.",
        "{G} moved in next door. I hate them.",
    ),
    "phrase_question_h": ("Why are {g} so stupid?", "Why are {g} always so disgusting?"),
    "phrase_opinion_h": ("I think {g} are inferior.", "In my opinion {g} are worthless."),
    "spell_char_swap_h": ("I hate {s}.", "{S} are disgusting."),
    "spell_space_add_h": ("I hate {p}.", "{P} are vermin."),
    "spell_leet_h": ("{G} are d1sgust1ng.", "I h4te {g}."),
    "spell_char_del_h": ("I hate {d}.", "{D} are disgusting."),
    "spell_space_del_h": ("Ihate {g}.", "I despise {j}.", "All{j} are vermin."),
    "negate_pos_h": (
        "{G} are not worth anything.",
        "I don't respect {g}.",
        "{G} can never be trusted.",
    ),
    "ref_subs_clause_h": (
        "I have met many {g} and I hate every single one of them.",
        "{G} moved in next door and they are vermin.",
    ),
}
NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "negate_neg_nh": ("I don't hate {g}.", "{G} are not disgusting.", "I would never hurt {g}."),
    "ident_neutral_nh": (
        "We are a group of {g}.",
        "Many {g} live in my neighbourhood.",
        "The article is about {g}.",
    ),
    "ident_pos_nh": (
        "I love {g}.",
        "{G} are wonderful people.",
        "{G} deserve the same rights as everyone.",
    ),
    "counter_quote_nh": (
        'Saying "{g} are vermin" is hateful and wrong.',
        'If you say "I hate {g}", you are a bigot.',
    ),
    "counter_ref_nh": ("Calling {g} animals is disgusting.", "Stop spreading hate about {g}."),
    "slur_reclaimed_free_nh": ("As one of the {g}, I'm proud of who we are.",),
}
# Phrasings written later, in three rounds, without looking at the model's scores first; their
# first-run accuracy is in BENCHMARKS.md ("Functional suite"). Rules were then added for them.
LEET_START = (
    "Mus1ims",
    "J3ws",
    "w0men",
    "1mmigrants",
    "g4y people",
    "bl4ck people",
    "tr4ns people",
    "d1sabled people",
)
TYPOS = (
    "Muslmis",
    "Jewss",
    "womn",
    "imigrnts",
    "gey people",
    "blak people",
    "trans poeple",
    "disalbed people",
)
LATER_HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": (
        "I can't stand {g}.",
        "{G} disgust me.",
        "I absolutely loathe {g}.",
        "Nothing is worse than {g}.",
        "I detest {g}.",
        "I really hate {g}.",
        "{G} make me want to throw up.",
        "I am so sick of {g}.",
        "There is nothing I hate more than {g}.",
        "{G} fill me with rage.",
        "I feel nothing but contempt for {g}.",
        "Seeing {g} makes my skin crawl.",
        "I hate all {g} with a passion.",
    ),
    "derog_neg_attrib_h": (
        "{G} are so stupid.",
        "{G} are pathetic.",
        "{G} are all criminals.",
        "{G} are worthless.",
        "{G} are such a disgrace.",
        "{G} are the dumbest people on earth.",
        "{G} are such liars.",
        "{G} are incapable of thinking.",
        "All {g} are thieves.",
        "{G} are always so annoying.",
        "{G} are incompetent at everything.",
        "{G} are so ignorant it hurts.",
        "Every single one of {g} is a fraud.",
        "{G} are arrogant and entitled.",
    ),
    "derog_dehum_h": (
        "{G} are parasites.",
        "{G} are rats.",
        "{G} are a plague.",
        "{G} are trash.",
        "{G} are cockroaches.",
        "{G} are savages.",
        "{G} are nothing but pests.",
        "{G} are like a virus.",
        "{G} are animals and should be treated like animals.",
        "{G} are a disease on this country.",
        "{G} are a swarm of locusts.",
        "{G} are just walking garbage.",
        "{G} are barely human.",
        "{G} breed like rabbits.",
    ),
    "derog_impl_h": (
        "{G} are a drain on society.",
        "The world would be better without {g}.",
        "I'd rather die than be near {g}.",
        "{G} don't deserve to live here.",
        "{G} are not welcome here.",
        "Keep {g} away from our schools.",
        "{G} should not be allowed to vote.",
        "Never hire {g}.",
        "{G} are only good for cleaning.",
        "I wouldn't want {g} living on my street.",
        "{G} are ruining this country.",
        "Our neighbourhood was fine until {g} showed up.",
        "{G} should know their place.",
        "I would never sit next to {g} on a bus.",
    ),
    "threat_dir_h": (
        "I will murder {g}.",
        "I'm going to beat up some {g} tonight.",
        "We are going to exterminate {g}.",
        "I want to kill {g}.",
        "I'll make sure {g} suffer.",
        "We will hunt down {g}.",
        "I'm going to shoot some {g}.",
        "You'll see what happens to {g} when I get my gun.",
        "I'm going to make {g} pay.",
        "I will set fire to every house where {g} live.",
        "Me and my friends are going to attack {g} tonight.",
        "I'll gladly kill any of {g} who come near me.",
    ),
    "threat_norm_h": (
        "{G} should be hanged.",
        "{G} need to be wiped out.",
        "It would be great if all {g} died.",
        "{G} should be put down like dogs.",
        "All {g} should be executed.",
        "{G} deserve a bullet.",
        "Kill all {g}.",
        "{G} ought to be burned.",
        "{G} should be thrown off a cliff.",
        "Somebody needs to shoot {g}.",
        "{G} must be destroyed.",
        "Let's get rid of all {g}.",
    ),
    "profanity_h": (
        "{G} are fucking idiots.",
        "Fucking {g} everywhere.",
        "{G} are full of shit.",
        "Screw {g}.",
        "{G} are fucking worthless.",
        "I hate fucking {g}.",
        "Fuck {g}, seriously.",
        "{G} are a bunch of fuckwits.",
        "Shut the fuck up, {g}.",
        "{G} can go fuck themselves.",
    ),
    "ref_subs_clause_h": (
        "{G} think they are special but they are filth.",
        "I know {g} and they are all trash.",
        "{G} come here and then they steal everything.",
        "I see {g} everywhere and they disgust me.",
        "{G} keep showing up and they ruin everything.",
        "I know a lot of {g} and they are all crooks.",
    ),
    "ref_subs_sent_h": (
        "Have you ever met {g}? They are disgusting.",
        "{G} are everywhere now. I can't stand them.",
        "Don't talk to me about {g}. They are parasites.",
        "I used to work with {g}. They were all lazy.",
        "Look at {g}. They are disgusting creatures.",
        "{G} are taking over. They need to be stopped.",
    ),
    "negate_pos_h": (
        "{G} are not human.",
        "{G} are never intelligent.",
        "No {g} can be trusted.",
        "I don't think {g} have any value.",
        "{G} are not smart.",
        "{G} will never be equal to us.",
        "{G} are never honest.",
        "{G} are not decent people.",
        "{G} never contribute anything.",
        "{G} have never done anything good.",
    ),
    "phrase_question_h": (
        "Why do {g} smell so bad?",
        "Isn't it obvious that {g} are inferior?",
        "Why are {g} so useless?",
        "Why are {g} such a burden?",
        "Aren't {g} just the worst?",
        "Why do {g} always lie?",
        "Why are {g} so lazy?",
        "How can anyone like {g}?",
        "Who would ever trust {g}?",
    ),
    "phrase_opinion_h": (
        "I believe {g} are a disease.",
        "I feel like {g} are worthless.",
        "Honestly, {g} are pathetic.",
        "I reckon {g} are scum.",
        "To me, {g} are subhuman.",
        "Let's be honest, {g} are useless.",
        "I'm convinced {g} are evil.",
        "If you ask me, {g} are trash.",
        "I genuinely think {g} are inferior.",
    ),
    "spell_leet_h": ("{L} are disgusting.", "I hate {l}."),
    "spell_char_del_h": ("{T} are disgusting.", "I hate {t}."),
}
LATER_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "negate_neg_nh": (
        "I would never say {g} are inferior.",
        "{G} are not vermin.",
        "It is wrong to hate {g}.",
        "Nobody should hate {g}.",
        "I don't think {g} are stupid.",
        "{G} are not parasites.",
        "No one should be mean to {g}.",
        "{G} are not criminals.",
        "I've never had a problem with {g}.",
        "There is nothing wrong with {g}.",
    ),
    "ident_neutral_nh": (
        "I work with many {g}.",
        "My neighbours are {g}.",
        "{G} live in every city.",
        "There are {g} in my class.",
        "{G} were interviewed for the report.",
        "The survey asked {g} about their jobs.",
        "{G} voted in large numbers.",
        "The report covers {g} in rural areas.",
        "A group of {g} opened a bakery.",
    ),
    "ident_pos_nh": (
        "{G} are amazing.",
        "I admire {g} so much.",
        "{G} make our country better.",
        "I'm proud to stand with {g}.",
        "{G} are brilliant.",
        "I'm grateful for the {g} in my life.",
        "{G} are strong and brave.",
        "{G} are kind and generous.",
        "I have so much respect for {g}.",
        "{G} enrich our community.",
    ),
    "counter_quote_nh": (
        '"{G} are parasites" is a disgusting thing to say.',
        "When he said {g} are animals, I reported him.",
        "Nobody should ever say 'I hate {g}'.",
        "He called {g} 'vermin' and that is unacceptable.",
        "Stop saying '{g} are lazy'.",
        "If you think '{g} are scum', you need help.",
        "Posting '{g} should die' got him banned, rightly.",
    ),
    "counter_ref_nh": (
        "Hating {g} is wrong.",
        "People who attack {g} should be ashamed.",
        "Comments insulting {g} have no place here.",
        "Hate against {g} has to end.",
        "I will always defend {g} against bigots.",
        "Abusing {g} online is cowardly.",
        "Attacks on {g} are never acceptable.",
        "We must stand up for {g} when they are abused.",
        "Racism against {g} disgusts me.",
    ),
}
# Held out: written after the rules above and never used to write a rule, so that accuracy on
# them estimates how the model does on phrasings nobody anticipated (the hidden suite's case).
# Do not add rules for them; write a new held-out round instead.
HELD_OUT_HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": (
        "I'm disgusted by {g}.",
        "{G} get on my nerves.",
        "I can't tolerate {g}.",
    ),
    "derog_neg_attrib_h": (
        "{G} are a bunch of losers.",
        "{G} are filthy and disgusting.",
        "Most {g} are thugs.",
    ),
    "derog_dehum_h": (
        "{G} are vermin that need exterminating.",
        "{G} are less than dirt.",
        "{G} are like cockroaches.",
    ),
    "derog_impl_h": (
        "{G} have no place in a civilised society.",
        "Real Canadians don't want {g} here.",
        "{G} can't be part of our society.",
    ),
    "threat_dir_h": (
        "I'm going to hurt {g}.",
        "I'll put a bullet in every one of {g}.",
        "We're coming for {g}.",
    ),
    "threat_norm_h": (
        "{G} should be lined up and shot.",
        "Hang all {g}.",
        "{G} deserve to be beaten.",
    ),
    "profanity_h": (
        "{G} are fucking vermin.",
        "Fuck off, {g}.",
    ),
    "ref_subs_sent_h": ("I saw {g} at the shop. They are so disgusting.",),
    "ref_subs_clause_h": ("{G} act like they own the place and they are scum.",),
    "negate_pos_h": (
        "{G} are not welcome in this town.",
        "{G} aren't people.",
    ),
    "phrase_question_h": (
        "Why can't {g} just disappear?",
        "Why are {g} allowed to live here?",
    ),
    "phrase_opinion_h": (
        "I'd say {g} are the problem with this country.",
        "As far as I'm concerned, {g} are worthless.",
    ),
}
HELD_OUT_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "negate_neg_nh": (
        "{G} are not a threat to anyone.",
        "I don't think {g} are dangerous.",
    ),
    "ident_neutral_nh": (
        "{G} gathered in the square on Sunday.",
        "The new policy affects {g}.",
    ),
    "ident_pos_nh": (
        "{G} are a joy to work with.",
        "Thank God for {g}.",
    ),
    "counter_quote_nh": (
        '"{G} are vermin" — words like these have no place in our society.',
        "He tweeted that {g} are animals. Disgraceful.",
    ),
    "counter_ref_nh": (
        "Violence against {g} must stop.",
        "Everyone who insults {g} should be ashamed.",
    ),
}
# Cases that name no group from GROUPS: slurs, said of someone or of oneself, and homonyms.
FIXED_HATEFUL: dict[str, tuple[str, ...]] = {
    "slur_h": (
        "You are just a dyke.",
        "Shut up, faggot.",
        "Look at that tranny over there.",
        "Typical retard behaviour.",
        "Go back to your country, you paki.",
    ),
}
NON_PROTECTED: dict[str, tuple[str, ...]] = {
    "slur_reclaimed_nh": ("I'm a dyke and proud of it.", "Being a dyke is who I am."),
    "slur_homonym_nh": (
        "Fancy a fag? I've got a pack of twenty.",
        "Faggots and peas with gravy for dinner.",
        "Put another faggot on the fire.",
    ),
    "profanity_nh": (
        "Fuck, what a day!",
        "Holy shit, that was a great match.",
        "This weather is shit.",
        "Fucking hell, I missed the bus.",
        "Damn, that's a good burger.",
        "Shit happens.",
        "What the fuck is going on?",
        "That was a fucking brilliant goal.",
        "Holy fuck, that was close.",
        "I'm so fucking tired.",
    ),
    "target_obj_nh": (
        "I hate my computer.",
        "Traffic is disgusting.",
        "Mondays should all be shot.",
        "I hate spiders.",
        "This software is trash.",
        "Rainy days make me sick.",
        "I hate this stupid printer.",
        "Brussels sprouts are disgusting.",
        "I hate traffic jams.",
        "This coffee is garbage.",
    ),
    "target_indiv_nh": (
        "You are a disgusting person.",
        "You are vermin.",
        "I will hurt you.",
        "You are a pathetic loser.",
        "You're a rat.",
        "I'm going to beat you up.",
        "You are scum.",
        "I hate you.",
        "You're an absolute idiot.",
        "Shut up, you moron.",
    ),
    "target_group_nh": (
        "Journalists are vermin.",
        "I hate politicians.",
        "Lawyers are disgusting.",
        "Bankers are parasites.",
        "I can't stand football hooligans.",
        "Politicians are trash.",
        "Tax collectors are parasites.",
        "Fans of that team are animals.",
        "Landlords are leeches.",
        "Tories are scum.",
    ),
}


def _fill(template: str, i: int) -> str:
    """The template for group i (capitalised forms where it starts a sentence)."""
    return template.format(
        g=GROUPS[i],
        G=GROUPS[i][0].upper() + GROUPS[i][1:],
        s=SWAPPED[i],
        S=SWAPPED[i][0].upper() + SWAPPED[i][1:],
        p=SPACED[i],
        P=SPACED[i][0].upper() + SPACED[i][1:],
        d=DELETED[i],
        D=DELETED[i][0].upper() + DELETED[i][1:],
        j=GLUED[i],
        l=LEET_START[i],
        L=LEET_START[i][0].upper() + LEET_START[i][1:],
        t=TYPOS[i],
        T=TYPOS[i][0].upper() + TYPOS[i][1:],
    )


def held_out_cases() -> list[tuple[str, str, bool]]:
    """(functionality, text, hateful?) for the held-out templates."""
    return [
        (name, _fill(template, i), hateful)
        for hateful, table in ((True, HELD_OUT_HATEFUL), (False, HELD_OUT_NOT_HATEFUL))
        for name, templates in table.items()
        for template in templates
        for i in range(len(GROUPS))
    ]


def cases() -> list[tuple[str, str, bool]]:
    """(functionality, text, hateful?) for every template and group."""
    out = []
    for hateful, table in ((True, HATEFUL), (False, NOT_HATEFUL)):
        for name, templates in (
            *table.items(),
            *(LATER_HATEFUL if hateful else LATER_NOT_HATEFUL).items(),
        ):
            for template in templates:
                for i in range(len(GROUPS)):
                    out.append((name, _fill(template, i), hateful))
    for name, texts in FIXED_HATEFUL.items():
        out.extend((name, text, True) for text in texts)
    for name, texts in NON_PROTECTED.items():
        out.extend((name, text, False) for text in texts)
    return out


def main() -> None:
    """Score every case and print accuracy per functionality, the suite then the held-out set."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, help="an abuse model other than the shipped one")
    args = parser.parse_args()
    scorer = make_abuse(model_dir=args.model_dir)
    print(f"model {scorer.model.version}")
    for title, suite in (("suite", cases()), ("held out", held_out_cases())):
        _report(title, suite, scorer)


def _report(title: str, suite: list[tuple[str, str, bool]], scorer: AbuseScorer) -> None:
    """Accuracy of `identity_attack >= 0.5` per functionality and overall."""
    attack = scorer.names.index("identity_attack")
    right: dict[str, list[bool]] = defaultdict(list)
    for start in range(0, len(suite), 64):
        chunk = suite[start : start + 64]
        scores = scorer([Submission(text) for _, text, _ in chunk])
        for (name, _, hateful), row in zip(chunk, scores, strict=True):
            right[name].append((row[attack].value >= 0.5) == hateful)
    print(f"\n{title}: {len(suite)} cases")
    print(f"{'functionality':26} {'n':>4} {'accuracy':>9}")
    for name, hits in right.items():
        print(f"{name:26} {len(hits):4d} {sum(hits) / len(hits):9.3f}")
    total = [h for hits in right.values() for h in hits]
    worst = min(right, key=lambda n: sum(right[n]) / len(right[n]))
    print(f"{'overall':26} {len(total):4d} {sum(total) / len(total):9.3f}")
    print(f"lowest functionality: {worst} {sum(right[worst]) / len(right[worst]):.3f}")


if __name__ == "__main__":
    main()
