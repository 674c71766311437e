"""Functional tests of the shipped abuse model: the behaviours issue 3 asks for, templated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civility.domain import CommentStatus, Score, Submission
from civility.ml.artifacts import ModelFileError
from civility.ml.examples import HEADS
from civility.ml.hate_templates import GROUPS
from civility.pipeline.abuse import AbuseScorer, make_abuse
from civility.pipeline.decide import decide
from civility.pipeline.policy import build_policy

HATE_TEMPLATES = (
    "I hate {g}.",
    "{g} are disgusting vermin.",
    "{G} are subhuman and should be exterminated.",
    "All {g} are filthy animals.",
    "Why are {g} so disgusting?",
    "{G} should all be killed.",
    "I met some {g} yesterday. They are vermin.",
    "Fuck all {g}.",
    "I have met many {g} and I hate every single one of them.",
    "{G} are not worth anything.",
    "I don't respect {g} at all.",
    "{G} should go back to where they came from.",
    "I'd never let {g} near my children.",
    # Phrasings written after the templates above, each caught by a general rule, not a phrase.
    "{G} are such a disgrace.",
    "{G} are the dumbest people on earth.",
    "{G} are like a virus.",
    "The world would be better without {g}.",
    "It would be great if all {g} died.",
    "{G} need to be wiped out.",
    "{G} deserve a bullet.",
    "{G} are full of shit.",
    "Screw {g}.",
    "No {g} can be trusted.",
    "I don't think {g} have any value.",
    "Why do {g} always lie?",
    "{G} come here and then they steal everything.",
    "I am so sick of {g}.",
    "Never hire {g}.",
    "Keep {g} away from our schools.",
    "{G} are barely human.",
    "{G} must be destroyed.",
    "I feel nothing but contempt for {g}.",
    "Who would ever trust {g}?",
    "{G} have never done anything good.",
    "Me and my friends are going to attack {g} tonight.",
    # Apostrophes around a condemning word once read as a quotation condemned.
    "{G} are vermin, don't tell me it's wrong.",
    # Opinions written 2026-11-30 before the model scored them (these three were missed), and
    # others' words endorsed, which the reported-words rule must leave to the floor.
    "In my opinion {g} shouldn't have rights.",
    "I'd say {g} are born criminals.",
    "I believe {g} are a lower form of life.",
    "They say {g} are filthy, and honestly I agree.",
    "My dad always said {g} are parasites and he was right.",
    "Our country was better before {g} came.",
    "Put {g} in camps.",
    "{G} should be kept out of politics.",
    # Implicit hate written 2026-11-30 (afternoon) before the model scored it (these were missed).
    "{G} are why I don't feel safe walking home at night.",
    "Things were so much better when there were fewer {g} around.",
    "Hiring {g} is asking for trouble.",
    "Every problem in this city started with {g}.",
    "Whenever {g} are around, things go missing.",
    "This town has too many {g} now.",
    "Someone needs to teach {g} a lesson they won't forget.",
    # The writer's own framing before a verdict once read as counter-speech (0.14-0.22 before).
    "Personally I'd say {g} are a disgrace.",
    "Call me naive, but {g} are a disgrace.",
    # A denial taken back in the next clause (0.14 for every group before).
    "I don't hate {g}, I just think they are inferior.",
    # Violence endorsed (0.14-0.45 for every group before).
    "Violence against {g} is justified.",
    "Hurting {g} is the right thing to do.",
    "I support killing {g}.",
    # HateCheck's kinds written 2026-11-30 (evening) before the model scored them (0.28-0.45 for
    # every group before).
    "I don't think {g} deserve any rights.",
    "{G} should stay in their own countries.",
    "It's no surprise that {g} end up in prison.",
    "Of course the {g} got the job, standards don't matter anymore.",
    "{G} should be kept in cages.",
    "{G} should be grateful we let them live here.",
)
NEUTRAL_TEMPLATES = (
    "Many {g} live in my neighbourhood.",
    "I love {g}.",
    "{G} deserve the same rights as everyone else.",
    "My best friends are {g}.",
    # 2026-11-30: a group's rights affirmed ("deserve respect" 0.53 for every group before).
    "{G} deserve respect like everyone else.",
    "{G} have every right to be here.",
    "{G} are welcome here.",
    # More of a group wished for (0.51 for every group before).
    "The world would be a better place with more {g} in charge.",
    "{G} are the reason this festival was such a success.",
    # Ordinary lives, after an opinion frame (0.56-0.68 for every group before).
    "Honestly, {g} are just people trying to get by.",
    "Honestly, most {g} just want a quiet life.",
    "Honestly, {g} contribute a lot to this country.",
    # Trust and a shared life (0.64-0.71 for every group before).
    "I'd trust {g} with my life.",
    "Truth is, {g} just want the same things as the rest of us.",
)
NEGATED_TEMPLATES = (
    "I don't hate {g}.",
    "{G} are not disgusting.",
    "I would never hurt {g}.",
    "Nobody should hate {g}.",
    "I don't think {g} are stupid.",
    # Written after the rules above, with a negation in the subject or around a report.
    "I don't think {g} are a threat to anyone.",
    "Nobody here hates {g}.",
    "I have never said {g} are inferior and I never will.",
    "It's not true that {g} are lazy.",
    "I don't think {g} are any worse than anyone else.",
    # 2026-11-30 evening (written before the model scored them).
    "{G} are not terrorists.",
    "{G} are human beings, not a burden.",
    "I don't think {g} deserve this treatment.",
    "{G} don't deserve to be treated like criminals.",
)
COUNTER_TEMPLATES = (
    'Saying "{g} are vermin" is hateful and wrong.',
    'Statements like "I hate {g}" have no place here.',
    "You can't call {g} disgusting and expect to be taken seriously, that is bigotry.",
    "Calling {g} animals is disgusting.",
    "It is wrong to hate {g}.",
    '"{G} are parasites" is a disgusting thing to say.',
    "Nobody should ever say 'I hate {g}'.",
    "If you think '{g} are scum', you need help.",
    "Posting '{g} should die' got him banned, rightly.",
    # Written after the rules above: hate put in others' mouths, or judged without a quote.
    "Anyone who says {g} are sick needs to educate themselves.",
    "I reported the guy who wrote that {g} should be deported. Disgusting.",
    "It is never acceptable to call {g} monkeys.",
    "My grandfather fought against people who thought {g} were vermin.",
    # Round 4 (written before the model scored it): the report is "call X Y".
    "People who call {g} animals are disgusting.",
    "{G} were attacked for being {g}, and that is disgusting.",
    "Someone spray-painted '{g} out' on the wall. Sickening.",
    "I'm sick of seeing {g} mistreated.",
    # 2026-11-30 (probes written before the model scored them): judged without quote marks.
    "Calling {g} parasites is dehumanising.",
    "The claim that {g} are a burden is cruel.",
    "It's disgusting that someone called {g} disgusting here.",
    # 2026-11-30 morning (probes written before the model scored them; these six were wrong).
    "The idea that {g} are dangerous is a myth.",
    "I lost all respect for you when you said {g} are worthless.",
    "I hate it when people say {g} are stupid.",
    "Don't ever call {g} freaks again.",
    "It makes me sad that so many people hate {g}.",
    "Racists who target {g} disgust me.",
    # 2026-11-30 evening (probes written before the model scored them): what a group undergoes,
    # judged ("The hate X get online is disgusting." 0.80 before).
    "{G} do not deserve the hate they get online.",
    "The abuse {g} receive online is disgusting.",
    "The way {g} are treated here is shameful.",
    "All the hate {g} get is exhausting.",
    "{G} are paid less, which is a disgrace.",
    "How we treat {g} is a disgrace.",
    "The lies told about {g} are disgusting.",
    "{G} are still targeted, and that is sickening.",
    "It's disgusting how {g} are treated like dirt.",
)
NAMES = (
    "Muhammad Ali Khan",
    "Priya Venkataraman",
    "Chukwuemeka Okonkwo",
    "Abdullah bin Rashid al-Harbi",
    "Nguyen Thi Minh Khai",
    "Fatima Zahra Benali",
    "Oluwaseun Adeyemi",
    "Gul Khan",
    "Tehmina Janjua",
    "Kulamarva Balakrishna",
    # Names that are swear words or slurs in lower case (ml/names.py) or one letter from them.
    "Niki Lauda",
    "Randi Weingarten",
    "Dick Van Dyke",
    "Sheila Dikshit",
    "Ph\u00fac Nguy\u1ec5n",
    "Fuk Wing-kei",
    "Anders Lund",
)
NAME_TEMPLATES = ("{n} wrote this article.", "I agree with {n} on this.", "Thank you, {n}.")


def _scores(scorer: object, text: str) -> dict[str, Score]:
    assert isinstance(scorer, AbuseScorer)
    return {s.name: s for s in scorer([Submission(text)])[0]}


def _cap(g: str) -> str:
    return g[0].upper() + g[1:]


def _fill(templates: tuple[str, ...]) -> list[str]:
    return [t.format(g=g, G=_cap(g)) for t in templates for g in GROUPS]


def seed_comments(path: Path) -> list[str]:
    """The 12 comments under the seed article; an '@Name:' line belongs to the next line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("For more information"))
    comments, reply_to = [], ""
    for line in lines[start + 1 :]:
        if re.fullmatch(r"@[^:]+:\s*", line):
            reply_to = line.strip() + " "
        elif line.strip():
            comments.append(reply_to + line)
            reply_to = ""
    return comments


@pytest.mark.slow
def test_abuse_model_loads_from_the_package(abuse_scorer: object) -> None:
    assert isinstance(abuse_scorer, AbuseScorer)
    assert abuse_scorer.names == HEADS
    assert {rule.score for rule in abuse_scorer.rules} == set(HEADS)
    assert abuse_scorer.model.version.startswith("abuse-")


def test_abuse_missing_model_dir_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="cannot read the abuse model"):
        make_abuse(model_dir=tmp_path)


def test_abuse_model_refuses_an_encoder_it_was_not_calibrated_with(abuse_scorer: object) -> None:
    assert isinstance(abuse_scorer, AbuseScorer)
    assert abuse_scorer.model.encoder is not None
    with pytest.raises(ModelFileError, match="calibrated with encoder"):
        AbuseScorer(abuse_scorer.model, abuse_scorer.rules, span_min_score=0.2, encoder=None)


@pytest.mark.slow
def test_abuse_seed_comments_are_all_published(abuse_scorer: object, seed_file: Path) -> None:
    comments = seed_comments(seed_file)
    assert len(comments) == 12
    policy = build_policy([abuse_scorer])
    for text, scores in zip(comments, abuse_scorer([Submission(t) for t in comments]), strict=True):  # type: ignore[operator]
        decision = decide(scores, policy)
        assert decision.status is CommentStatus.PUBLISHED, (text, decision.reasons)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        'If the "full scale attack " is anything like Swat offensive then it would take months',
        '@MarkH: "the times, they are a changin", old chap. Wake up!',
        "@MarkH: Ohh Really ?",
        "The army launched a full scale attack on the militants.",
        "The offensive in North Waziristan failed to kill any of the leaders.",
        "The minister's knee-jerk response was to blame the opposition.",
        # Squeezed, their letters spell swear words ("asses", "shite"): they are none.
        "The inspectors will assess the damage to the bridge.",
        "Shiite and Sunni leaders met in Baghdad on Monday.",
    ],
)
def test_abuse_news_words_stay_low(abuse_scorer: object, text: str) -> None:
    scores = _scores(abuse_scorer, text)
    assert max(s.value for s in scores.values()) < 0.5, scores


@pytest.mark.parametrize(
    "text",
    [
        # A link alone scored `threat` 0.57 and `severe_toxicity` 0.54 ("driven by "https",
        # "youtube.com""): the encoder had learnt addresses as abuse from tweets with links.
        "https://www.youtube.com/watch?v=g_dJRaBLAdg",
        "https://www.youtube.com/watch?v=9bZkp7q19f0",
        "check https://imgur.com/a/Xy7Gh2k",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=em-lssTrump live @11AM.",
    ],
)
def test_abuse_a_link_is_no_abuse(abuse_scorer: object, text: str) -> None:
    scores = _scores(abuse_scorer, text)
    assert max(v.value for name, v in scores.items() if name != "spam") < 0.5, scores


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rude", "word"),
    [
        ("Oh please, enough of this claptrap.", "claptrap"),
        ("Idiocy has reached new heights with this column.", "Idiocy"),
        ("What you have written is rubbish.", "rubbish"),
    ],
)
def test_abuse_disrespect_in_mild_words_is_toxicity_and_the_reason_quotes_it(
    abuse_scorer: object, rude: str, word: str
) -> None:
    civil = _scores(abuse_scorer, "This column raises good points about the budget.")
    scores = _scores(abuse_scorer, rude)
    toxicity = scores["toxicity"]
    assert toxicity.value > civil["toxicity"].value + 0.2
    assert word in [rude[s.start : s.end] for s in toxicity.spans]


@pytest.mark.slow
@pytest.mark.parametrize("text", _fill(HATE_TEMPLATES))
def test_abuse_identity_attack_is_caught(abuse_scorer: object, text: str) -> None:
    assert _scores(abuse_scorer, text)["identity_attack"].value >= 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "You are just a dyke.",
        "That dyke next door is disgusting.",
        "Shut up, faggot.",
        "Shut up you fag, go smoke yourself.",
    ],
)
def test_abuse_slurs_at_someone_are_attacks(abuse_scorer: object, text: str) -> None:
    assert _scores(abuse_scorer, text)["identity_attack"].value >= 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "I'm a dyke and proud of it.",
        "Being a dyke is who I am.",
        "Fancy a fag? I've got a pack of twenty.",
        "Faggots and peas with gravy for dinner.",
        "Put another faggot on the fire.",
        "The dyke held back the sea.",
        "The Dutch built dykes against the floods.",
        "Many immigrants pay taxes and they are not criminals.",
        "I don't like women being harassed at work.",
        "The new wing of the hospital is for disabled people.",
    ],
)
def test_abuse_reclaimed_slurs_homonyms_and_kind_clauses_are_not_attacks(
    abuse_scorer: object, text: str
) -> None:
    assert _scores(abuse_scorer, text)["identity_attack"].value < 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "I h4te Mus1ims.",
        "I hate M u s l i m s.",
        "I hate Muuuuslims.",
        "I hate Musl\u0456ms.",  # Cyrillic i
        "Jews are d1sgusting verm1n.",
        "W0men are disgusting vermin.",
        "Women are disgusting v e r m i n.",
        "Ihate Muslims.",
        "I hate gaypeople.",
        "Womenare disgusting vermin.",
        "Disabledpeople are a burden.",
        "Allgaypeople are vermin.",
        "Wmen are disgusting.",
        "Blck people are vermin.",
        "I hate Mslims.",
        "Jwes are disgusting.",
        "1mmigrants are disgusting.",
        "I hate imigrnts.",
        "I hateMuslims.",
        "I hatewomen.",
        "I hategaypeople.",
        "I hate gy people.",
    ],
)
def test_abuse_obfuscated_identity_attack_is_caught(abuse_scorer: object, text: str) -> None:
    assert _scores(abuse_scorer, text)["identity_attack"].value >= 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "What the f*ck",
        "what the f u c k",
        "fuuuuuck this",
        "sh1t happens",
        "$hit happens",
        "\u0455hit happens",  # Cyrillic s
        "what the f.u.c.k",
        "sh!t happens",
        "you a$$hole",
        "She is such a \u00a3ucking liar!",
        # Swear words and their acronyms, plainly written (profanity 0.01 before 2026-11-30).
        "Get off your lazy ass and look for a job.",
        "WTF was that other than a waste of a minute.",
        "He is kind of shitting on the sports casters.",
        "Stfu and listen for once.",
    ],
)
def test_abuse_profanity_is_caught_plain_or_disguised(abuse_scorer: object, text: str) -> None:
    assert _scores(abuse_scorer, text)["profanity"].value >= 0.5


# (plain, disguised, the score the plain comment reaches): every family the issue names.
DISGUISES = [
    ("What the fuck", "What the f**k", "profanity"),  # punctuation for letters
    ("What the fuck", "What the f#ck", "profanity"),
    ("What the fuck", "What the fcuk", "profanity"),  # letters swapped
    ("What the fuck", "What the \u0192uck", "profanity"),  # homoglyph
    ("What the fuck", "What the \U0001f1eb\U0001f1fa\U0001f1e8\U0001f1f0", "profanity"),
    ("What the fuck", "What the f\U0001f986ck", "profanity"),  # an emoji for a letter
    ("Shit happens", "S h 1 t happens", "profanity"),  # spaced leetspeak
    ("Shit happens", "\U0001f4a9 happens", "profanity"),  # an emoji for the word
    ("You are an idiot.", "You are an idoit.", "insult"),
    ("You are an idiot.", "You are an idot.", "insult"),  # a letter deleted
    ("You are an idiot.", "You are an idiiiiot.", "insult"),  # letters repeated
    ("You are an idiot.", "You are an \u0131d\u0131ot.", "insult"),
    ("You are an idiot.", "You are an !d!ot.", "insult"),
    ("You are an idiot.", "You are an id-iot.", "insult"),  # punctuation inserted
    ("You are an idiot.", "You are an id*iot.", "insult"),
    ("Fuck you.", "Fu ck you.", "profanity"),  # a space inserted
    ("You are a faggot.", "You are a fag*got.", "identity_attack"),
    ("You are a moron.", "You are a m o r o n.", "insult"),  # spaces inserted
    ("You are a moron.", "u r a m o r o n", "insult"),  # spelled out with other words
    ("You are a faggot.", "u r a f a g g o t", "identity_attack"),
    ("You are a moron.", "You are a m*ron.", "insult"),
    ("You are a moron.", "You are a mroon.", "insult"),
    ("You are a pig.", "You are a \U0001f437.", "insult"),
    ("You are a clown.", "You are a \U0001f921.", "insult"),
    ("Fuck you.", "\U0001f595 you.", "profanity"),
    ("You stupid bitch.", "You stupid \U0001f171\ufe0fitch.", "profanity"),
    ("You stupid bitch.", "You stupid btch.", "profanity"),
    ("I will kill you.", "I will ki11 you.", "threat"),
    ("I will kill you.", "I will klil you.", "threat"),
    ("I will kill you.", "I will \U0001f52a you.", "threat"),
    ("I will shoot you.", "I will \U0001f52b you.", "threat"),
    ("I hate Muslims.", "I hate M*slims.", "identity_attack"),
    ("I hate Muslims.", "I hate Mus|ims.", "identity_attack"),
    ("I hate Muslims.", "I hate Muzlims.", "identity_attack"),
    ("I hate Muslims.", "I hate M u s 1 i m s.", "identity_attack"),
    ("I hate gay people.", "I hate \U0001f3f3\ufe0f\u200d\U0001f308 people.", "identity_attack"),
    ("I hate gay people.", "I hate g*y people.", "identity_attack"),
    ("I hate gay people.", "I hate gayyyy people.", "identity_attack"),
    ("Jews are vermin.", "J*ws are vermin.", "identity_attack"),
    ("Black people are animals.", "Blacc people are animals.", "identity_attack"),
    ("Women are stupid.", "W*men are stupid.", "identity_attack"),
    ("Women are stupid.", "Wimmin are stupid.", "identity_attack"),
    ("Immigrants are parasites.", "Immigrants are parasits.", "insult"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("plain", "disguised", "name"), DISGUISES)
def test_abuse_disguised_word_scores_like_the_plain_word(
    abuse_scorer: object, plain: str, disguised: str, name: str
) -> None:
    assert _scores(abuse_scorer, plain)[name].value >= 0.5  # the pair is a real case
    assert _scores(abuse_scorer, disguised)[name].value >= 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Three Muslims are dead after the attack on the mosque.",
        "Immigrants face dangerous journeys across the sea.",
        "The ban on Muslims entering the country is being debated in court.",
        "Women get crap pay for the same work.",
        "The tyranny of the majority worries me.",
        "Jihadist groups recruit online.",
        "The army will kill the leaders of the insurgency, the minister said.",
        "Women are sick of being harassed online.",
        "Muslims were the worst affected by the floods.",
        "The Islamic State is a terrible blow to the region's stability.",
        "Employers keep women out of senior jobs.",
        "Immigrants have no right to vote in federal elections.",
        "I'm tired of Muslims being blamed for everything.",
        "You fucking moron.",
        "The company lacks black executives.",
        # Harm foretold for a group, not threatened ("Many Christians will be killed if the West
        # does nothing." is no threat now, but the identity head still gives it 0.55).
        "Women will be hurt most by these budget cuts.",
        "Refugees will be shot at the border if they try to cross, the report warns.",
        # Sanctions for the lawbreakers of a group are a policy view.
        "Illegal immigrants should be deported.",
        "The government wants to deport Muslims who overstayed their visas.",
        # Sectarian and regional groups of South Asian news, neutrally.
        "Shias were targeted in the Quetta bombing, the police said.",
        "Sikh pilgrims crossed the border to visit Kartarpur.",
        "Pakistani Christians are demanding better protection after the attack.",
        "Afghan refugees have lived in Pakistan for forty years.",
        # A hostile verb inside another word ("gas" in "Vegas") once fired the derogation floor.
        "The Las Vegas Jewish community opened a new school.",
        # Near the rules of 2026-11-30 (evening) but no attack: a condition, a cause given, merit.
        "Refugees should stay in their own countries if they feel safe there.",
        "No wonder so many black people end up in prison, given police bias.",
        "The women got the job because they were the best candidates.",
        "I don't think immigrants deserve the abuse they get.",
        "Refugees should be grateful for the help, the minister said.",
        "Immigrants are held in cages at the border, which is a disgrace.",
    ],
)
def test_abuse_news_about_groups_is_not_an_attack(abuse_scorer: object, text: str) -> None:
    scores = _scores(abuse_scorer, text)
    assert scores["identity_attack"].value < 0.5
    assert scores["threat"].value < 0.5


@pytest.mark.slow
@pytest.mark.parametrize("text", _fill(NEUTRAL_TEMPLATES))
def test_abuse_neutral_identity_mentions_are_not_attacks(abuse_scorer: object, text: str) -> None:
    scores = _scores(abuse_scorer, text)
    assert scores["identity_attack"].value < 0.5
    assert scores["toxicity"].value < 0.5


@pytest.mark.slow
@pytest.mark.parametrize("text", _fill(NEGATED_TEMPLATES))
def test_abuse_negated_hate_is_not_an_attack(abuse_scorer: object, text: str) -> None:
    assert _scores(abuse_scorer, text)["identity_attack"].value < 0.5


@pytest.mark.slow
@pytest.mark.parametrize("text", _fill(COUNTER_TEMPLATES))
def test_abuse_counter_speech_is_not_an_attack(abuse_scorer: object, text: str) -> None:
    assert _scores(abuse_scorer, text)["identity_attack"].value < 0.5


@pytest.mark.slow
@pytest.mark.parametrize("text", [t.format(n=n) for t in NAME_TEMPLATES for n in NAMES])
def test_abuse_names_from_any_culture_raise_nothing(abuse_scorer: object, text: str) -> None:
    scores = _scores(abuse_scorer, text)
    assert max(s.value for s in scores.values()) < 0.5, scores


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Fuck yeah, what a game!",
        "Holy shit, that was amazing.",
        "This weather is shit.",
        "Damn, I forgot my keys again.",
        # An exclamation before a group: "damn X" was read across the comma (0.80 before).
        *_fill(("Damn, {g} have had a rough year.", "Fucking hell, {g} throw the best parties.")),
    ],
)
def test_abuse_untargeted_profanity_is_only_profanity(abuse_scorer: object, text: str) -> None:
    scores = _scores(abuse_scorer, text)
    assert scores["identity_attack"].value < 0.5
    assert scores["insult"].value < 0.5
    if "Damn" not in text:
        assert scores["profanity"].value >= 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "You are an idiot.",
        "You fucking moron.",
        "Politicians are all corrupt idiots.",
        "Journalists like you are pathetic clowns.",
        # Name-calling in words the models rarely saw.
        "You halfwit.",
        "Typical halfwit reporter, did your mum write this article for you?",
        "The minister is a buffoon.",
        "Abey kuttay, teri aukat kya hai yahan comment karne ki?",
        "Ullu ka pattha hai tu, kuch nahi pata aur chala hai gyan dene.",
        # Adjectives that judge a person (insult 0.23-0.33 before 2026-11-30).
        "It's because you are evil!!",
        "You are so selfish.",
        "He is completely shameless.",
        # Verdicts in a noun (insult 0.40-0.45 before 2026-11-30, evening).
        "You're a disgrace.",
        "He is the absolute worst.",
    ],
)
def test_abuse_insult_without_identity_is_insult_not_identity_attack(
    abuse_scorer: object, text: str
) -> None:
    scores = _scores(abuse_scorer, text)
    assert scores["insult"].value >= 0.5
    assert scores["identity_attack"].value < 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "I don't think the minister is stupid.",
        "You aren't stupid for asking.",
        "Nobody is calling the premier an idiot.",
        "I never said the mayor was incompetent.",
        "The plan isn't rubbish, just expensive.",
        "Calling critics clowns is unfair.",
        "He is neither lazy nor dishonest.",
        "No one here thinks you are a fool.",
    ],
)
def test_abuse_negated_insults_are_not_insults(abuse_scorer: object, text: str) -> None:
    scores = _scores(abuse_scorer, text)
    assert scores["insult"].value < 0.5, scores["insult"]
    assert scores["toxicity"].value < 0.5, scores["toxicity"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "You are not an idiot, you are a moron.",
        "You're not just an idiot, you're a pathetic liar.",
        "I won't vote for that idiot.",
        "Don't be an idiot.",
        "Isn't he pathetic?",
    ],
)
def test_abuse_insults_beside_a_negation_stay_insults(abuse_scorer: object, text: str) -> None:
    assert _scores(abuse_scorer, text)["insult"].value >= 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "I will kill you.",
        "You should be shot.",
        "I'm going to find you and hurt you.",
        "I am going to kill all the Muslims.",
        "We will burn your house down, journalist.",
        "Someone should put a bullet in that judge.",
        "Cyclists like that deserve to be run over.",
        "If I see you at the rally I will break your jaw.",
        # No verb of violence at someone: intimidation, wishes of harm, urging self-harm.
        "I know where you live.",
        "Watch your back.",
        "You'll regret this, I promise.",
        "I'm going to make you pay for this.",
        "People like you should be lined up against a wall.",
        "If you come to my town you won't leave in one piece.",
        "I hope someone runs you over.",
        "Wish someone would plant a bomb at their rally and end them all.",
        "I hope somebody burns their house down.",
        "You deserve a beating.",
        "Go kill yourself.",
        "KYS",
        # Round 5: a quantified subject is the target; a verb with its particle.
        "Any immigrant who comes near me will get hurt.",
        "I'm going to beat up the next Muslim I see.",
        # A blind round of news comments (benchmarks/news_round.py).
        "Keep talking and I'll come to your office and break your legs.",
        "I know where you live, I'll find you and you'll regret writing this.",
        "Next time I see those protesters I'm running them over with my car.",
        "This MP should be dragged out and beaten until he can't stand.",
        "Ahmadis are infidels and should be killed.",
        # Roman Urdu (a blind round of South Asian news comments).
        "Tera ghar jala denge, teri family ko bhi nahi chhorenge. Yaad rakhna.",
        "Agli dafa jalsa mein nazar aaya to tangein tor dunga, phir dekhna.",
        # A beating promised: the target stands beyond the verb's window.
        "I would beat the shit out of him.",
        "Say that again and I'll kick your ass.",
        # Violence wished on the sentence's subject, a group no list names or one person.
        "Landlords should all be shot.",
        "Politicians should be hanged.",
        "The mayor should be strung up.",
        "Cyclists should be run over.",
        # Probes of 2026-11-30 the rules missed: the target beyond the window, death on meeting.
        "I'm going to find every one of them and make them pay.",
        "If I see those protesters on my street again, they're dead.",
        "We should round up the squatters and shoot them.",
        "Next time they show up here, we'll be ready with baseball bats.",
        "You'd better watch out, we know where you live.",
        "It's time to take up arms against the council.",
        # Calls to violence written 2026-11-30 (afternoon) before the model scored them (missed).
        "Someone should torch their houses.",
        "Someone should run that reporter over.",
        "Somebody needs to put that judge in the ground.",
        "People should start beating these landlords.",
        "Go break his windows tonight.",
        "Somebody should throw acid on her.",
        "We should burn the immigrants' shops.",
        # Written 2026-11-30 (evening) before the model scored them (0.00-0.04 before).
        "Someone should punch that councillor in the mouth.",
        "Somebody needs to strangle that referee.",
        "Someone should kick that cop's teeth in.",
        "We should all go and beat that referee senseless.",
    ],
)
def test_abuse_threats_are_threats_whatever_the_target(abuse_scorer: object, text: str) -> None:
    assert _scores(abuse_scorer, text)["threat"].value >= 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The army will shoot down any drone that crosses the border.",
        "I could kill for a coffee right now.",
        "That comedian absolutely killed it last night.",
        "The police shot the suspect after he fired at them.",
        "We should hang the new painting in the hallway.",
        "Please don't kill yourself working overtime.",
        "I know where you live, so I'll drop the book off.",
        "I hope he bombs the exam, he never studies.",
        "I wish someone would bomb this article with facts.",
        # The verbs of the calls above in their other senses, or the call denied.
        "Someone should kill this bill before it passes.",
        "Someone needs to punch up this script.",
        "We need to beat that team senseless on Saturday.",
        "We should slap a tax on sugary drinks.",
        "Someone needs to poison the debate less.",
        "Nobody should punch that referee.",
    ],
)
def test_abuse_violent_words_without_a_threat_are_no_threat(
    abuse_scorer: object, text: str
) -> None:
    assert _scores(abuse_scorer, text)["threat"].value < 0.5


@pytest.mark.slow
def test_abuse_spans_point_at_the_original_characters(abuse_scorer: object) -> None:
    text = "Honestly, you are a f*cking   id1ot and a m o r o n."
    scores = _scores(abuse_scorer, text)
    marked = [text[s.start : s.end] for s in scores["insult"].spans]
    assert marked, scores["insult"]
    assert all(m.strip() == m and m for m in marked)
    assert any("id1ot" in m or "f*cking" in m for m in marked)
    assert "f*cking" in [text[s.start : s.end] for s in scores["profanity"].spans]


@pytest.mark.slow
def test_abuse_reason_names_the_words(abuse_scorer: object) -> None:
    scores = _scores(abuse_scorer, "You are a stupid idiot.")
    assert "idiot" in scores["insult"].reason
    assert scores["insult"].reason.startswith("insult ")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Muslims are not terrorists.", "lowered because it negates the hostile words"),
        (
            'Saying "Jews are vermin" is hateful.',
            "lowered because it reads as quoting or condemning",
        ),
    ],
)
def test_abuse_reason_says_why_a_score_was_lowered(
    abuse_scorer: object, text: str, why: str
) -> None:
    assert why in _scores(abuse_scorer, text)["identity_attack"].reason


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "<script>alert('x')</script> you idiot",
        "'; DROP TABLE comments; --",
        "\u202eesrever\u202c \u200bzero\u200bwidth \ufeff",
        "🙂" * 500,
        "x" * 200_000,
        "word " * 50_000,
        "\x00\x01 control \x7f",
        # Quote marks never closed and words that begin counter-speech: the old counter-speech
        # regex retried every split of such a text and ran for minutes.
        "Muslims are vermin." + " 'x" * 3_000,
        " 'x" * 3_000,
        "saying hating " * 800,
        # A named group is read a second time, masked: its word pieces map back through both.
        "\u041cuslims are v\u200be\u200brmin, you m o r o n \U0001f621",
        "\U0001f621Muslims\U0001f621 are f1lthy \u202eanimals\u202c " * 40,
        # Runs of the words the name-calling, lawbreaker and threat patterns wait on.
        "you " * 5_000 + "idiot",
        "Muslims who " * 3_000 + "commit",
        "I'll " + "come " * 3_000 + "break your legs",
        "called a 'paki' " * 2_000,
        # Glued runs naming a group, each split by dynamic programming over its letters.
        " ".join(f"{i:x}allthemuslimsarevermin{'x' * 10}" for i in range(1_000)),
        "ihatewomen" * 1_000,
        # Patterns of round 12: exclusions, decline, threats at a meeting place.
        "no Muslims " * 2_000 + "welcome",
        "went downhill " * 2_000 + "the moment women moved in",
        "we know where the " + "Muslims in " * 2_000 + "meet.",
        # Round 14: addresses beside offers, expulsion demanded.
        "x@" + "a." * 5_000 + " contact",
        "a.b@c." + "d-" * 5_000 + " guaranteed",
        "send " * 3_000 + "them home",
        # Members one by one, vices in the blood, a swear word run on.
        "every " * 3_000 + "Nigerian is a thief",
        "every Nigerian " * 3_000 + "is a thief",
        "Somalis " + "crime " * 3_000 + "is in their DNA",
        "fuck" * 5_000,
        # Round 15: people as things, the trope of men in dresses.
        "women are just men in " * 2_000 + "dresses",
        "women are nothing but " * 2_000 + "property",
        # An organisation's name, wishes of arson and bombs.
        "Islamic State " * 3_000,
        "I hope someone burns " + "their " * 3_000 + "down",
        "wish someone would " * 2_000 + "plant a bomb",
        # Beatings promised, phrases of name-calling, told to go to hell.
        "I would " + "really " * 3_000 + "beat the shit out of him",
        "she is a " + "nasty " * 3_000 + "bit of work",
        "Google, " * 3_000 + "go to hell",
        # Counter-speech that judges a claim or a calling, revulsion at a report.
        "the claim that " * 3_000 + "is cruel",
        "calling " * 3_000 + "them parasites is dehumanising",
        "it's disgusting that " * 3_000 + "someone called them vermin",
        # 2026-11-30: others' words before every clause of a run-on post (each clause once
        # searched back to the sentence's start), orders not to call, threats on meeting and
        # beyond the window, wished harm, exclamations, affirmed rights.
        "people say Muslims are scum " * 400,
        "he tweeted that women are vermin and " * 300,
        "don't ever call " * 3_000 + "women freaks",
        "if I see " + "them on my street " * 2_000 + ", they're dead",
        "we should round " * 3_000 + "them up and shoot them",
        "the mayor " * 3_000 + "should be strung up",
        "Damn, " * 3_000 + "women",
        "Muslims deserve " * 3_000 + "respect",
        "Muslims are why " + "really " * 3_000 + "falling apart",
        "the fewer " + "Muslims " * 3_000 + "the better",
        "hiring " + "Muslims " * 3_000 + "is asking for trouble",
        "every problem " * 3_000 + "started with Muslims",
        "I'd move house if " * 2_000 + "Muslims moved in",
        "whenever Muslims are around, " * 2_000 + "things go missing",
        "what's coming to them, " * 2_000 + "I'll make sure of it",
        "we'll teach them a lesson they won't forget " * 2_000,
        "this town has too many " * 2_000 + "Muslims",
        "you can always tell when " * 2_000 + "Muslims have moved in",
        "I don't hate Muslims, " * 2_000 + "they are inferior",
        "violence against " * 2_000 + "Muslims is justified",
        "I support killing " * 2_000 + "Muslims",
        "hurting " + "Muslims " * 3_000 + "is the right thing to do",
        "someone should set " + "them " * 3_000 + "on fire",
        "go break his " * 2_000 + "windows",
        "someone should teach him " * 2_000 + "a lesson with a bat",
        "I don't think " + "Muslims " * 3_000 + "deserve any rights",
        "Muslims should stay in their own " * 2_000 + "countries",
        "no surprise that " * 2_000 + "Muslims end up in prison",
        "women got the job, " * 2_000 + "standards don't matter",
        "someone should punch " + "that " * 3_000 + "referee",
        "nobody " * 3_000 + "should strangle that referee",
        "we should beat that referee " + "very " * 3_000 + "senseless",
        "Muslims should be grateful " * 2_000 + "we let them live here",
    ],
)
def test_abuse_hostile_input_gets_valid_scores(abuse_scorer: object, text: str) -> None:
    scores = abuse_scorer([Submission(text)])[0]  # type: ignore[operator]
    assert [s.name for s in scores] == list(HEADS)
    assert all(0.0 <= s.value <= 1.0 and not s.failed for s in scores)
    assert all(0 <= sp.start < sp.end <= len(text) for s in scores for sp in s.spans)


@pytest.mark.slow
def test_abuse_batch_equals_one_by_one(abuse_scorer: object) -> None:
    texts = ["You are an idiot.", "Nice article.", "Check out my channel http://x.co"]
    batch = abuse_scorer([Submission(t) for t in texts])  # type: ignore[operator]
    single = [abuse_scorer([Submission(t)])[0] for t in texts]  # type: ignore[operator]
    assert batch == single


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    ["You are a pathetic moron.", "I will find you and break your legs.", "Muslims are vermin."],
)
def test_abuse_toxicity_is_never_below_an_insult_threat_or_attack(
    abuse_scorer: object, text: str
) -> None:
    scores = _scores(abuse_scorer, text)
    implied = ("severe_toxicity", "insult", "threat", "identity_attack")
    assert scores["toxicity"].value >= max(scores[h].value for h in implied)
    assert scores["toxicity"].value >= 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Online job for students. Daily payment in JazzCash. WhatsApp +92 333 9876543.",
        "Government jobs 2024 without test and interview. Call Mr. Aslam 0300-8887766.",
        "Cheap Ray-Ban sunglasses 90% OFF today only at www.raybanoutlet-sale.shop",
    ],
)
def test_abuse_ads_without_a_link_are_spam(abuse_scorer: object, text: str) -> None:
    assert _scores(abuse_scorer, text)["spam"].value >= 0.5
