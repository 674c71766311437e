"""Tokens and cues of the abuse model's analysis: glued words, misspelt groups, slur senses."""

from __future__ import annotations

from itertools import pairwise

import pytest

from civility.ml.analysis import CUES, ID_MARK, analyze
from civility.ml.lexicon import group_word, unglued
from civility.ml.segment import glued_words
from civility.ml.textnorm import basic_normalize


def _cue(text: str, name: str) -> float:
    return analyze(text, basic_normalize).cues[CUES.index(name)]


@pytest.mark.parametrize(
    ("token", "cuts"),
    [
        ("gaypeople", (3,)),
        ("womenare", (5,)),
        ("ihate", (1,)),
        ("allgaypeople", (3, 6)),
        ("mentally", ()),
        ("transport", ()),
        ("therefore", ()),
        ("whitehall", ()),
    ],
)
def test_ml_analysis_unglues_only_group_and_common_word_pairs(
    token: str, cuts: tuple[int, ...]
) -> None:
    assert unglued(token) == cuts


def test_ml_analysis_huge_or_repeated_tokens_are_not_split() -> None:
    assert unglued("the" * 2000) == ()
    assert unglued("allthe" + "gaypeople") == ()
    analysis = analyze("the" * 2000 + " Ihate " + "x" * 100_000, basic_normalize)
    assert [t for t, _, _ in analysis.tokens][1:3] == ["i", "hate"]


def test_ml_analysis_glued_tokens_keep_offsets_into_the_text() -> None:
    text = "Ihate Disabledpeople."
    analysis = analyze(text, basic_normalize)
    assert [t for t, _, _ in analysis.tokens] == ["i", "hate", "disabled", "people"]
    for token, start, end in analysis.tokens:
        assert analysis.norm.text[start:end] == token
    assert ID_MARK in analysis.words


@pytest.mark.parametrize(
    ("token", "group"),
    [
        ("wmen", "women"),
        ("blck", "black"),
        ("jwes", "jews"),
        ("slam", None),
        ("hind", None),
        ("1mmigrants", "immigrants"),
        ("mus1ims", "muslims"),
        ("imigrnts", "immigrants"),
        ("grants", None),
        ("dialed", None),
        ("moron", None),
        ("lacks", None),
        ("trains", None),
        ("1st", None),
        # South Asian and other groups; their regions, names and look-alike words are not them.
        ("ahmadis", "ahmadis"),
        ("shias", "shias"),
        ("hazaras", "hazaras"),
        ("punjab", None),
        ("kashmir", None),
        ("israel", None),
        ("shiva", None),
        ("paris", None),
        ("pars", None),
        ("tails", None),
    ],
)
def test_ml_analysis_short_group_misspellings_but_not_ordinary_words(
    token: str, group: str | None
) -> None:
    assert group_word(token) == group


@pytest.mark.parametrize(
    ("text", "slur"),
    [
        ("You are just a dyke.", 1.0),
        ("I'm a dyke and proud of it.", 0.0),
        ("Fancy a fag? I've got a pack.", 0.0),
        ("Shut up you fag, go smoke.", 1.0),
        ("He is a fag.", 1.0),
        ("wassup my niggas", 0.0),
    ],
)
def test_ml_analysis_slur_cue_reads_who_is_named_and_which_sense(text: str, slur: float) -> None:
    assert _cue(text, "has_slur") == slur


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        ("I have met many Muslims and I hate every single one of them.", 1.0),
        ("Muslims were attacked and they are afraid.", 0.0),
        ("I don't respect women.", 1.0),
        ("I don't like women being harassed at work.", 0.0),
        ("Immigrants are not worth anything.", 1.0),
        ("Immigrants are not criminals.", 0.0),
    ],
)
def test_ml_analysis_derogation_follows_pronouns_and_negated_praise(
    text: str, derogation: float
) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        ("Women are awful.", 1.0),
        ("The Islamic State is a terrible blow to the region.", 0.0),
        ("Women are sick.", 1.0),
        ("Women are sick of being harassed.", 0.0),
        ("Just keep immigrants out.", 1.0),
        ("Employers keep women out of senior jobs.", 0.0),
        ("I'm so sick of Muslims.", 1.0),
        ("I'm so sick of Muslims being blamed for everything.", 0.0),
        ("Muslims always lie.", 1.0),
        ("Victims of Muslim rape gangs spoke out.", 0.0),
    ],
)
def test_ml_analysis_derogation_reads_verdicts_not_reports(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        ("Illegal immigrants should be deported.", 0.0),
        ("Immigrants who commit crimes should be deported.", 0.0),
        ("Immigrants should be deported if they commit crimes.", 0.0),
        ("The government wants to deport Muslims who overstayed their visas.", 0.0),
        ("Refugees with criminal records should be sent back.", 0.0),
        # The whole group, another reason, or harm beyond the law's stay attacks.
        ("Immigrants should be deported.", 1.0),
        ("Immigrants should be deported if they complain.", 1.0),
        ("Immigrants are criminals and should be deported.", 1.0),
        ("Immigrants should be killed if they commit crimes.", 1.0),
        ("Illegal immigrants are vermin.", 1.0),
    ],
)
def test_ml_analysis_sanctions_for_lawbreakers_are_policy_not_derogation(
    text: str, derogation: float
) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        # Implicit derogation: blame for decline, disgust at the sight, the sneer under crime news.
        ("Funny how crime went up right after the immigrants moved in.", 1.0),
        ("This neighbourhood was decent until Muslims started showing up.", 1.0),
        ("Every time I see a trans person on my street I feel sick.", 1.0),
        ("Let me guess: a Muslim was behind it.", 1.0),
        ("Someone needs to put women in their place.", 1.0),
        ("No Jew has ever been worth respecting.", 1.0),
        ("Immigrants don't deserve any respect or kindness.", 1.0),
        ("Why is it that every Muslim is a liar?", 1.0),
        # "they're" after a group reads as the group and "are".
        ("Have you seen the immigrants in this town? They're disgusting.", 1.0),
        # Reports, praise and other subjects stay clean.
        ("Crime went down after immigrants moved in.", 0.0),
        ("Immigrants said they're worried about the new law.", 0.0),
        ("I saw a Muslim doctor at the clinic and I feel sick myself, flu season.", 0.0),
        ("No immigrant should be treated like that.", 0.0),
        ("The minister put women in charge of the inquiry.", 0.0),
    ],
)
def test_ml_analysis_derogation_reads_implicit_forms(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


def test_ml_analysis_spreading_hate_is_attributed_to_others() -> None:
    text = "Anyone who spreads hatred toward Muslims should be banned from this site."
    assert _cue(text, "counter_speech") == 1.0


@pytest.mark.parametrize(
    ("text", "negated", "counter"),
    [
        ("Nobody should hate Muslims.", 1.0, 0.0),
        ("I don't think women are stupid.", 1.0, 0.0),
        ("I don't think women have any value.", 0.0, 0.0),
        ("It is wrong to hate immigrants.", 0.0, 1.0),
        ('"Jews are parasites" is a disgusting thing to say.', 0.0, 1.0),
        ("Hating gay people is wrong.", 0.0, 1.0),
        ("I'm tired of Muslims being blamed for everything.", 0.0, 1.0),
        ("I'm tired of Muslims.", 0.0, 0.0),
        ("People who call Muslims animals are disgusting.", 0.0, 1.0),
        ("Muslims are animals, and people who call them animals are right.", 0.0, 0.0),
        ("Those who call it a genocide are close to the truth.", 0.0, 0.0),
        ("We had to leave people who call themselves Muslims out of the survey.", 0.0, 0.0),
        ("He was abused for being a Muslim, which is disgusting.", 0.0, 1.0),
        ("Muslims should be attacked for being Muslims.", 0.0, 0.0),
        ("I don't think women are any worse than anyone else.", 1.0, 0.0),
        ("I can't think of anything worse than women.", 0.0, 0.0),
        # Apostrophes are no quotation marks: "don't ... it's" quotes nothing.
        ("Muslims are vermin, don't tell me it's wrong.", 0.0, 0.0),
        ("Someone spray-painted 'Muslims out' on the wall. Sickening.", 0.0, 1.0),
    ],
)
def test_ml_analysis_negation_and_counter_speech_cues(
    text: str, negated: float, counter: float
) -> None:
    assert _cue(text, "negated_hate") == negated
    assert _cue(text, "counter_speech") == counter


@pytest.mark.parametrize(
    ("text", "derogation", "counter"),
    [
        ("If you think 'Muslims are scum', you need help.", 0.0, 1.0),
        ('He said "Muslims are scum" and he is right. Muslims are scum.', 1.0, 0.0),
        ("Muslims are scum.", 1.0, 0.0),
    ],
)
def test_ml_analysis_hate_only_inside_quotes_is_mentioned_not_used(
    text: str, derogation: float, counter: float
) -> None:
    assert _cue(text, "derogation") == derogation
    assert _cue(text, "counter_speech") == counter


@pytest.mark.parametrize(
    ("text", "profane"),
    [
        # Swear words a reader or OLID's annotators count, first missed on 2026-11-30.
        ("He is kind of shitting on sports casters.", 1.0),
        ("Get off your lazy ass and look for a job.", 1.0),
        ("They sat on their a**es for years.", 1.0),
        ("WTF was that other than a waste of a minute.", 1.0),
        ("Willie Nelson said IDGAF about pissing off the fans.", 1.0),
        ("She is such a \u00a3ucking liar!", 1.0),  # a pound sign for the f
        ("Stop bitching about the referee.", 1.0),
        # Words whose squeezed letters spell a swear word are not one, nor is money.
        ("We need to assess the damage first.", 0.0),
        ("Shiite and Sunni leaders met in Baghdad.", 0.0),
        ("AAs have a long history in the program.", 0.0),
        ("It cost \u00a35 and \u00a310bn in the end.", 0.0),
        ("The classes passed the assessment.", 0.0),
    ],
)
def test_ml_analysis_swear_words_count_and_their_look_alikes_do_not(
    text: str, profane: float
) -> None:
    assert _cue(text, "has_profanity") == profane


@pytest.mark.parametrize(
    ("text", "aimless"),
    [
        ("Fuck yeah, what a game!", 1.0),
        ("This weather is shit.", 1.0),
        ("You are shit.", 0.0),
        ("He is a bitch.", 0.0),
        ("Trump is a fucking disgrace.", 0.0),
        ("Women are shit.", 0.0),
        ("What a lovely day.", 0.0),
    ],
)
def test_ml_analysis_profanity_at_no_one_is_aimless(text: str, aimless: float) -> None:
    assert _cue(text, "aimless_profanity") == aimless


@pytest.mark.parametrize(
    ("text", "aimed"),
    [
        ("I will kill you.", 1.0),
        ("Any immigrant who comes near me will get hurt.", 1.0),
        ("Every Muslim should be shot.", 1.0),
        ("I'm going to beat up the next Muslim I see.", 1.0),
        ("Keep talking and you will get hurt.", 1.0),
        ("Women will get hurt by these cuts.", 0.0),
        ("Kids will get hurt if the speed limit stays.", 0.0),
        ("We will beat up the competition this season.", 0.0),
        # Harm foretold, not threatened; genocidal verbs and "by us" stay threats.
        ("Many Christians will be killed if the West does nothing.", 0.0),
        ("Refugees will be shot at the border if they try to cross, the report warns.", 0.0),
        ("All Muslims will be killed.", 1.0),
        ("Muslims will be exterminated.", 1.0),
        ("Jews will be killed by us.", 1.0),
        ("You will be shot.", 1.0),
    ],
)
def test_ml_analysis_threats_name_who_is_to_be_hurt(text: str, aimed: float) -> None:
    assert _cue(text, "threat_at_someone") == aimed


@pytest.mark.parametrize(
    ("text", "aimed"),
    [
        ("Keep talking and I'll come to your office and break your legs.", 1.0),
        ("I know where you live, and you'll regret writing this.", 1.0),
        ("Next time I see those protesters I'm running them over with my car.", 1.0),
        ("This MP should be dragged out and beaten until he can't stand.", 1.0),
        ("He broke his leg in the match.", 0.0),
        ("I'll break the news to him gently.", 0.0),
        ("The bill should be sent back and killed in committee.", 0.0),
        ("You'll regret not buying this phone.", 0.0),
    ],
)
def test_ml_analysis_threats_without_a_verb_next_to_their_target(text: str, aimed: float) -> None:
    assert _cue(text, "threat_at_someone") == aimed


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("My daughter was called a 'P*ki' at school. This racism has to stop.", 1.0),
        ("They shouted 'faggot' at him in the street.", 1.0),
        ("He is a paki.", 0.0),
        ("'Paki' scum, all of them.", 0.0),
    ],
)
def test_ml_analysis_a_slur_reported_in_quotes_is_mentioned_not_used(
    text: str, mentioned: float
) -> None:
    assert _cue(text, "has_slur") == 1.0
    assert _cue(text, "counter_speech") == mentioned


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        ("Jews control the banks and the media, that's why nothing changes.", 1.0),
        ("Jews own Hollywood.", 1.0),
        ("Women run the media team at the paper.", 0.0),
        ("Muslims run the government now.", 0.0),
    ],
)
def test_ml_analysis_the_trope_of_secret_control_derogates(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "urls", "spam"),
    [
        ("Ray-Ban 90% OFF today only at www.raybanoutlet-sale.shop", 1.0, 1.0),
        ("Get 10,000 real followers for just $9.99 at growfollowersfast.com", 0.5, 0.5),
        ("Need a loan fast? Bad credit OK, instant approval.", 0.0, 1.0),
        # A missing space after a full stop is no address.
        ("He left.in the end nobody cared. Prices rose 10% over the year.", 0.0, 0.0),
    ],
)
def test_ml_analysis_spam_cues_read_shops_and_offers(text: str, urls: float, spam: float) -> None:
    assert _cue(text, "urls") == urls
    assert _cue(text, "spam_cues") == spam


def test_ml_analysis_name_calling_words_are_insult_words() -> None:
    assert _cue("Typical halfwit reporter.", "has_insult_word") == 1.0


@pytest.mark.parametrize(
    ("text", "calling"),
    [
        ("You halfwit.", 1.0),
        ("You're an idiot.", 1.0),
        ("What a buffoon.", 1.0),
        ("The minister is a complete and utter moron.", 1.0),
        ("They're hypocrites.", 1.0),
        ("Are you an idiot?", 1.0),
        # Negated, said of oneself, idioms, determiners: no name-calling.
        ("You are not an idiot.", 0.0),
        ("No one here thinks you are a fool.", 0.0),
        ("I'm an idiot, I forgot my keys.", 0.0),
        ("It was a fool's errand.", 0.0),
        ("The Liberals are the losers of this election.", 0.0),
        ("Only a fool would believe that.", 0.0),
        # A report of name-calling.
        ("The same people who were called thieves yesterday now sit in the cabinet.", 0.0),
        # Adjectives that judge a person, said of someone (2026-11-30).
        ("It's because you are evil!!", 1.0),
        ("You are so selfish.", 1.0),
        ("She's so spineless.", 1.0),
        ("He is being hypocritical!", 1.0),
        ("YOU ARE DELUSIONAL", 1.0),
        # Not negated, not of a thing, not after a condition (anyone), not the nouns' "disgrace".
        ("You are not selfish.", 0.0),
        ("No one here thinks you are stupid.", 0.0),
        ("The plan is idiotic.", 0.0),
        ("If you are clueless about taxes, ask an accountant.", 0.0),
        ("When you are arrogant, people notice.", 0.0),
        ("I think you are wrong about the budget.", 0.0),
        # Verdicts in a noun, said of a person (2026-11-30, evening), not of a thing.
        ("You're a disgrace.", 1.0),
        ("He is an embarrassment to this country.", 1.0),
        ("She is the absolute worst.", 1.0),
        ("It's a disgrace.", 0.0),
        ("This decision is a joke.", 0.0),
        ("You are the worst player on the team.", 0.0),
        ("You are not a failure.", 0.0),
    ],
)
def test_ml_analysis_name_calling(text: str, calling: float) -> None:
    assert _cue(text, "name_calling") == calling


@pytest.mark.parametrize(
    ("text", "derogation", "threat"),
    [
        ("Ahmadis are infidels and should be killed.", 1.0, 1.0),
        ("Shias are not real Muslims, they deserve what they get.", 1.0, 0.0),
        ("Pashtuns are savages.", 1.0, 0.0),
        ("Ahmadis are our neighbours and should be protected.", 0.0, 0.0),
        ("Muslim leaders say the attackers should be killed.", 0.0, 0.0),
        ("Shias were targeted in the Quetta bombing, the police said.", 0.0, 0.0),
    ],
)
def test_ml_analysis_sectarian_hate_is_read_like_any_other(
    text: str, derogation: float, threat: float
) -> None:
    assert _cue(text, "derogation") == derogation
    assert _cue(text, "threat_at_someone") == threat


@pytest.mark.parametrize(
    ("text", "calling"),
    [
        ("Abey kuttay, teri aukat kya hai yahan comment karne ki?", 1.0),
        ("Ullu ka pattha hai tu, kuch nahi pata.", 1.0),
        ("Youthia spotted.", 1.0),
        ("Typical patwari, brain sold for a plate of biryani.", 1.0),
        ("Awara kuttay har gali mein hain, municipality kuch nahi karti.", 0.0),
        ("The patwari demanded a bribe for the land record.", 0.0),
    ],
)
def test_ml_analysis_roman_urdu_name_calling(text: str, calling: float) -> None:
    assert _cue(text, "name_calling") == calling


@pytest.mark.parametrize(
    ("text", "aimed"),
    [
        ("Is journalist ko goli maar deni chahiye.", 1.0),
        ("Tera ghar jala denge, teri family ko bhi nahi chhorenge.", 1.0),
        ("Agli dafa nazar aaya to tangein tor dunga.", 1.0),
        ("These judges should be hanged from the lampposts.", 1.0),
        ("Bohat acha article hai, shukriya.", 0.0),
        # Idioms: "forget about it", "switch on the light".
        ("Goli maro is baat ko yaar, election ho gaya.", 0.0),
        ("Batti jala do, load shedding khatam ho gayi.", 0.0),
    ],
)
def test_ml_analysis_roman_urdu_threats(text: str, aimed: float) -> None:
    assert _cue(text, "threat_at_someone") == aimed


@pytest.mark.parametrize(
    ("text", "ad"),
    [
        ("Online job for students. Daily payment. Contact on WhatsApp +92 333 9876543.", 1.0),
        ("Government jobs without test. Call Mr. Aslam 0300-8887766.", 1.0),
        ("Call 1122 for rescue.", 0.0),
        ("Inflation rates in 2021 2022 2023 were high.", 0.0),
        ("I paid 1,000 for the order.", 0.0),
    ],
)
def test_ml_analysis_a_phone_number_beside_an_offer_is_an_ad(text: str, ad: float) -> None:
    assert _cue(text, "contact_ad") == ad


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("killallmuslims", ["kill", "all", "muslims"]),
        ("ihatewomen", ["i", "hate", "women"]),
        ("immigrantsarefilthyvermin", ["immigrants", "are", "filthy", "vermin"]),
        ("deathtotranspeople", ["death", "to", "trans", "people"]),
        # Two words are a place or a name; pieces of words are no words; no group, no split.
        ("blackpool", ["blackpool"]),
        ("transistion", ["transistion"]),
        ("homosexualists", ["homosexualists"]),
        ("thisisagreatday", ["thisisagreatday"]),
    ],
)
def test_ml_analysis_runs_of_glued_words_naming_a_group_are_split(
    token: str, words: list[str]
) -> None:
    cuts = glued_words(token)
    bounds = (0, *cuts, len(token))
    assert [token[a:b] for a, b in pairwise(bounds)] == words


def test_ml_analysis_a_handle_is_not_split_into_words() -> None:
    tokens = [t for t, _, _ in analyze("@AnUglyNigga this is retarded", basic_normalize).tokens]
    assert "ugly" not in tokens
    assert _cue("#killallmuslims", "derogation") == 1.0
    assert glued_words("a" * 41 + "muslims") == ()


@pytest.mark.parametrize(
    ("text", "slur"),
    [
        ("I hate dykes.", 1.0),
        ("Me and my fellow dykes are bowling tonight.", 0.0),
        ("As a fag myself, I'm allowed to laugh at that.", 0.0),
        ("I'm a tranny and I'll call myself whatever I like.", 0.0),
        ("My neighbour is a fag.", 1.0),
        ("text me fag", 1.0),
        ("Stop being a faggot.", 1.0),
        ("No tranny is ever setting foot in my gym.", 1.0),
        ("The tranny in my old Ford gave out; I need a new transmission.", 0.0),
        ("Salt will retard the growth of the mould.", 0.0),
        ("The dyke held back the floodwater.", 0.0),
        ("Popped out for a fag before the lesson.", 0.0),
    ],
)
def test_ml_analysis_reclaimed_slurs_and_homonyms(text: str, slur: float) -> None:
    assert _cue(text, "has_slur") == slur


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        ("Muslims are just naturally stupid.", 1.0),
        ("People keep defending Jews, even though they are clearly a plague.", 1.0),
        ("Funny how the neighbourhood went downhill the moment women started moving in.", 1.0),
        ("The sight of immigrants fills me with pure disgust.", 1.0),
        ("No gay person has ever contributed anything of value to this world.", 1.0),
        ("I feel that black people shouldn't be treated as equals.", 1.0),
        ("Every time I see Muslims on my street I check that my car is locked.", 1.0),
        ("No Muslim is welcome here.", 1.0),
        ("No Muslim should be allowed in.", 1.0),
        ("Death to trans people.", 1.0),
        # Kindly, or denied before it starts.
        ("The street got livelier when Muslims started moving in.", 0.0),
        ("The sight of women marching fills me with hope.", 0.0),
        ("No woman should be allowed to suffer like this.", 0.0),
        ("There's no reason women should not be treated as equals.", 0.0),
    ],
)
def test_ml_analysis_derogation_round_12(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Jews are not a threat to this country and never have been.", 1.0),
        ("No one deserves this.", 1.0),
        ("No Muslim is welcome here.", 0.0),
        ("No tranny is ever setting foot in my gym.", 0.0),
    ],
)
def test_ml_analysis_negated_hate_is_not_an_exclusion(text: str, negated: float) -> None:
    assert _cue(text, "negated_hate") == negated


@pytest.mark.parametrize(
    ("text", "aimed"),
    [
        ("We know where the Muslims in this town meet. We're coming.", 1.0),
        ("We're coming, and we're bringing bats.", 1.0),
        ("Hope somebody punches you right in your smug little face", 1.0),
        ("I hope he hits the target this season.", 0.0),
        ("We know where the best restaurants are in this town.", 0.0),
    ],
)
def test_ml_analysis_threats_round_12(text: str, aimed: float) -> None:
    assert _cue(text, "threat_at_someone") == aimed


@pytest.mark.parametrize(
    ("text", "aimed"),
    [
        ("Landlords should all be shot.", 1.0),
        ("He should be executed, not given 48 years.", 1.0),
        ("These guys should be strung up.", 1.0),
        # No one is the subject, or the verb is no violence.
        ("The bill should be killed in committee.", 0.0),
        ("That idea should be shot down.", 0.0),
        ("The plan must be executed quickly.", 0.0),
        ("Women will be killed if nothing changes.", 0.0),
    ],
)
def test_ml_analysis_violence_wished_on_the_subject(text: str, aimed: float) -> None:
    assert _cue(text, "threat_at_someone") == aimed


@pytest.mark.parametrize(
    ("text", "aimed"),
    [
        ("If I see them on my street again, they're dead.", 1.0),
        ("I think we should round them up and hang them", 1.0),
        ("We'll be ready for them with baseball bats.", 1.0),
        ("We know where you live.", 1.0),
        # Death spoken of, not promised; a horse, not a person.
        ("It is hypocrisy to praise him when he is dead.", 0.0),
        ("You can always sleep when you are dead!", 0.0),
        ("If you don't pay us more to feed your dead horse, we'll go home.", 0.0),
    ],
)
def test_ml_analysis_threats_beyond_the_window(text: str, aimed: float) -> None:
    assert _cue(text, "threat_at_someone") == aimed


@pytest.mark.parametrize(
    ("text", "calling"),
    [
        ("She has the brains of a potato.", 1.0),
        ("Ted Cruz has the spine of a jellyfish.", 1.0),
        ("Remoaners are whiny crybabies.", 1.0),
        ("Typical feminazis.", 1.0),
        ("Tories are heartless vermin.", 1.0),
        ("Trump is a clown.", 1.0),
        ("The brain of a child grows fast.", 0.0),
        ("The class clown grew up to be a comedian.", 0.0),
    ],
)
def test_ml_analysis_name_calling_round_13(text: str, calling: float) -> None:
    assert _cue(text, "name_calling") == calling


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        ("Haitians are animals.", 1.0),
        ("Kenyans are lazy.", 1.0),
        ("Uyghurs deserve what they get.", 1.0),
        ("Nigerians are all scammers and thieves.", 1.0),
        # A people's adjective, a people in the news, a state: no attack on a people.
        ("Russian soldiers are criminals.", 0.0),
        ("Nigerians voted in large numbers on Saturday.", 0.0),
        ("Damn Russians, exposing the truth like that.", 0.0),
    ],
)
def test_ml_analysis_peoples_by_nationality_are_groups(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


def test_ml_analysis_peoples_are_matched_exactly() -> None:
    assert group_word("haitians") == "haitians"
    assert group_word("geeks") is None  # one letter from "greeks"
    assert group_word("turkey") is None


@pytest.mark.parametrize(
    ("text", "cue", "fired"),
    [
        ("Whole of Bradford is wogs now.", "has_slur", 1.0),
        ("Clean every kwerekwere out of Hillbrow.", "has_slur", 1.0),
        ("Turks in Germany had 60 years to integrate. Time to send them home.", "derogation", 1.0),
        ("Send the refugees home.", "derogation", 1.0),
        ("The government plans to send refugees back to Syria.", "derogation", 0.0),
        ("Xhosas are lazy.", "derogation", 1.0),
        ("Romanians are pickpockets and beggars.", "derogation", 1.0),
        ("We know where your office is.", "threat_at_someone", 1.0),
        ("Keep defending them and see what happens to you.", "threat_at_someone", 1.0),
        ("Turn them loose and see what happens to her city.", "threat_at_someone", 0.0),
        ("I will make sure he doesn't walk again.", "threat_at_someone", 1.0),
        ("Genuine spell caster, contact dr.okuta@gmail.com, 100% guaranteed.", "contact_ad", 1.0),
        ("Write to letters@globe.ca with your views.", "contact_ad", 0.0),
    ],
)
def test_ml_analysis_round_14(text: str, cue: str, fired: float) -> None:
    assert _cue(text, cue) == fired


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        # Said of members named by their deeds, not of the group.
        ("Muslim terrorists are criminals.", 0.0),
        ("Immigrant gangs are ruining this city.", 0.0),
        ("There are plenty of Muslim countries with little terrorism.", 0.0),
        # Said of the group.
        ("Muslims are terrorists.", 1.0),
        ("Muslims all terrorists.", 1.0),
        ("Muslims in this town are scum.", 1.0),
    ],
)
def test_ml_analysis_members_named_by_deed_are_not_the_group(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "cue", "fired"),
    [
        ("Jews are still targeted, and that is sickening.", "counter_speech", 1.0),
        ("It's disgusting how immigrants are treated like dirt.", "counter_speech", 1.0),
        ("Muslims are treated like kings, which is disgusting.", "counter_speech", 0.0),
        ("Muslims are not terrorists.", "negated_hate", 1.0),
        ("Refugees are human beings, not a burden.", "negated_hate", 1.0),
        ("Refugees are not welcome, they are a burden.", "negated_hate", 0.0),
        ("I don't think women deserve this treatment.", "negated_hate", 1.0),
        ("Black people don't deserve to be treated like criminals.", "negated_hate", 1.0),
        ("Muslims don't deserve to be treated like people.", "negated_hate", 0.0),
        (
            "The schools are not the problem, the ghetto students are the problem.",
            "negated_hate",
            0.0,
        ),
    ],
)
def test_ml_analysis_wrongs_condemned_and_verdicts_denied(
    text: str, cue: str, fired: float
) -> None:
    assert _cue(text, cue) == fired


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        # The verdict is of what the group undergoes, not of the group.
        ("The hate Muslims get online is disgusting.", 0.0),
        ("The abuse Muslims receive online is disgusting.", 0.0),
        ("The way refugees are treated here is shameful.", 0.0),
        ("The violence gay men suffer is a disgrace.", 0.0),
        ("Gay people do not deserve the hate they get online.", 0.0),
        ("All the hate trans people get is exhausting.", 0.0),
        ("Women are paid less, which is a disgrace.", 0.0),
        ("How we treat refugees is a disgrace.", 0.0),
        ("The lies told about Muslims are disgusting.", 0.0),
        ("Anyone who spreads hatred toward Jews should be banned from this site.", 0.0),
        # A name, not a verdict with a verb: still said of the group.
        ("It's impossible to be racist against white devils.", 1.0),
        # The group's own deeds, or a verdict after a conjunction or comma, still are of the group.
        ("Immigrants get free housing and are lazy parasites.", 1.0),
        ("Refugees receive everything for free, they are parasites.", 1.0),
        ("Muslims who get benefits are lazy.", 1.0),
        ("Jews get out!", 1.0),
        # A hostile verb is the writer's only where it is a verb.
        ("I hate Muslims.", 1.0),
        ("Honestly I kind of hate immigrants.", 1.0),
        ("It's the fucking Jews behind it every single time.", 1.0),
    ],
)
def test_ml_analysis_what_a_group_undergoes_is_not_the_group(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "cue", "fired"),
    [
        # One member for all of them, whatever the people.
        ("Every Nigerian in this country is a scammer.", "derogation", 1.0),
        ("Every Muslim is a terrorist.", "derogation", 1.0),
        ("Each immigrant is a burden on the taxpayer.", "derogation", 1.0),
        ("Every single Haitian I met was a liar.", "derogation", 1.0),
        ("Not every Muslim is a terrorist.", "derogation", 0.0),
        ("Every Nigerian I know is a hard worker.", "derogation", 0.0),
        ("The Muslim suspect is a terrorist, police say.", "derogation", 0.0),
        ("Every Muslim terrorist is a criminal.", "derogation", 0.0),
        # The singular is a group only after a quantifier and before a verb.
        ("Every Nigerian company is a fraud.", "has_identity", 0.0),
        ("The Nigerian government is a disgrace.", "has_identity", 0.0),
        # An organisation's name is no people; the group's word alone still is one.
        ("The Islamic State is a terrible blow to the region's stability.", "has_identity", 0.0),
        ("Islamic State fighters are animals.", "has_identity", 0.0),
        ("Islamic schools are closing.", "has_identity", 1.0),
        ("Every Italian restaurant in town is a disgrace.", "derogation", 0.0),
        # A vice in the blood, not a gift.
        ("Immigrants, it's in their blood to steal.", "derogation", 1.0),
        ("Somalis, crime is in their DNA.", "derogation", 1.0),
        ("Jamaicans, music is in their blood.", "derogation", 0.0),
        ("Immigrants work hard, it's in their nature.", "derogation", 0.0),
        # Glued and run-on swear words; name-calling nouns of tweets.
        ("by which point the fuckingclass was nearly over", "has_profanity", 1.0),
        ("just get the sorry sonofabitch away", "has_profanity", 1.0),
        ("What a motherfucking mess.", "has_profanity", 1.0),
        ("He is a real sicko.", "name_calling", 1.0),
        ("That's what a weirdo would do.", "name_calling", 1.0),
        ("You weirdo.", "name_calling", 1.0),
        ("He is a lying snake.", "name_calling", 1.0),
        ("The python is a snake.", "name_calling", 0.0),
    ],
)
def test_ml_analysis_members_vices_and_tweet_insults(text: str, cue: str, fired: float) -> None:
    assert _cue(text, cue) == fired


@pytest.mark.parametrize(
    ("text", "cue", "fired"),
    [
        # A beating promised or wished, not reported, not denied, not a game.
        ("I would beat the shit out of him.", "threat_at_someone", 1.0),
        ("If I were ES I would beat the sh** out of her.", "threat_at_someone", 1.0),
        ("Someone needs to beat the crap out of him.", "threat_at_someone", 1.0),
        ("I'll kick your ass!", "threat_at_someone", 1.0),
        ("The police beat the hell out of him.", "threat_at_someone", 0.0),
        ("I would never beat the shit out of him.", "threat_at_someone", 0.0),
        ("I will kick his butt at chess.", "threat_at_someone", 0.0),
        ("We'll kick their ass on Sunday.", "threat_at_someone", 0.0),
        # Phrases that name-call a person, told to go to hell; not of a bill, not a belief.
        ("She is a nasty bit of work.", "name_calling", 1.0),
        ("You piece of garbage!", "name_calling", 1.0),
        ("Conservatives; the trailer trash party of Canada.", "name_calling", 1.0),
        ("Go to hell.", "name_calling", 1.0),
        ("Google, go to hell!", "name_calling", 1.0),
        ("He can go to hell.", "name_calling", 1.0),
        ("This law is a piece of garbage.", "name_calling", 0.0),
        ("The economy will go to hell.", "name_calling", 0.0),
        ("Sinners go to hell.", "name_calling", 0.0),
        ("Do you think we go to hell?", "name_calling", 0.0),
    ],
)
def test_ml_analysis_beatings_and_name_calling_phrases(text: str, cue: str, fired: float) -> None:
    assert _cue(text, cue) == fired


@pytest.mark.parametrize(
    ("text", "counter"),
    [
        # A claim judged ("the claim that ... is cruel"), a calling judged as dehumanising,
        # revulsion at a report of hate: counter-speech without quotation marks.
        ("The claim that disabled people are a burden is cruel.", 1.0),
        ("Calling immigrants parasites is dehumanising.", 1.0),
        ("It's disgusting that someone called gay men disgusting here.", 1.0),
        # Not a lie or a myth called out: hate says those words too.
        ("Anything they say is a lie, the whole religion is a myth.", 0.0),
        ("The idea that immigrants work hard is laughable.", 0.0),
        ("It's disgusting how they live.", 0.0),
        # A view or a comment judged, a report disliked or forbidden, sadness at others' hate,
        # hate acts put on others.
        ("Your comment that Jews are subhuman is vile.", 1.0),
        ("The idea that immigrants are dangerous is a myth.", 1.0),
        ("I lost all respect for you when you said women are worthless.", 1.0),
        ("I hate it when people say gay people are stupid.", 1.0),
        ("Don't ever call trans people freaks again.", 1.0),
        ("It makes me sad that so many people hate Muslims.", 1.0),
        ("Racists who target black people disgust me.", 1.0),
        # The group is the speaker, or the dislike and the sadness are the writer's own.
        ("I hate it when women say they are equal.", 0.0),
        ("I hate it when Muslims pray in the street.", 0.0),
        ("It is sad that Muslims are taking over.", 0.0),
        ("Don't worry, immigrants will leave soon.", 0.0),
    ],
)
def test_ml_analysis_counter_speech_without_quotes(text: str, counter: float) -> None:
    assert _cue(text, "counter_speech") == counter


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        # Others' words reported: the writer's stance is not in the clause, the models judge it.
        ("So many people online say Muslims are disgusting.", 0.0),
        ("He tweeted that immigrants are parasites and lost his job.", 0.0),
        ("If someone calls trans people monsters, report them.", 0.0),
        ("Repeating the lie that Jews are criminals helps nobody.", 0.0),
        # The writer's own words, a report agreed with, or the group's own words.
        ("I think Muslims are vermin.", 1.0),
        ("They say women are filthy, and honestly I agree.", 1.0),
        ("Everyone knows immigrants are thieves.", 1.0),
        ("Gay people think they are special but they are filth.", 1.0),
        # A report early in a long post does not cover a demeaning clause far after it.
        ("people say a lot of things about this city but honestly muslims are vermin", 1.0),
    ],
)
def test_ml_analysis_reported_hate_is_left_to_the_models(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        # Probes of 2026-11-30 the rules missed: rights denied, a trait called inborn, a lower
        # form of life, decline since a group came, camps, worth nothing, exclusion, revulsion.
        ("In my opinion women shouldn't have rights.", 1.0),
        ("Gay people should have no rights.", 1.0),
        ("Black people should never be allowed to vote.", 1.0),
        ("I'd say immigrants are born criminals.", 1.0),
        ("I believe Jews are a lower form of life.", 1.0),
        ("Our country was better before Muslims came.", 1.0),
        ("Put trans people in camps.", 1.0),
        ("Immigrants don't add anything to this country.", 1.0),
        ("Muslims bring nothing but trouble.", 1.0),
        ("Women should be kept out of politics.", 1.0),
        ("Being around gay people makes me feel dirty.", 1.0),
        # An adverb between the negation and the verb: "don't really deserve", "don't even belong".
        ("Women don't really deserve equal rights.", 1.0),
        ("Muslims don't even belong here.", 1.0),
        ("Immigrants can't really be trusted.", 1.0),
        # A swear word set off by a comma is an exclamation, not said of the group after it.
        ("Damn women, always complaining.", 1.0),
        ("Damn, women have had a rough year.", 0.0),
        ("Fucking hell, Muslims in this town throw the best parties.", 0.0),
        # Not about a group, or a report of camps.
        ("Corporations shouldn't have rights.", 0.0),
        ("Greece sends refugees to camps on the islands.", 0.0),
        ("Refugees bring nothing but the clothes they wear.", 0.0),
    ],
)
def test_ml_analysis_implicit_derogation(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        # A group's rights or worth affirmed: the mirror of denying them.
        ("Muslims deserve respect like everyone else.", 1.0),
        ("Immigrants have every right to be here.", 1.0),
        ("Trans people are welcome here.", 1.0),
        ("Black people should be treated with dignity.", 1.0),
        # Denied, demeaned in the same comment, safety "from" a group, or no group named.
        ("Muslims don't deserve respect.", 0.0),
        ("Jews deserve respect? No, they are vermin.", 0.0),
        ("Canadians deserve better than these immigrants.", 0.0),
        ("Women deserve to be safe from migrants.", 0.0),
        ("This fact should be included in the article.", 0.0),
    ],
)
def test_ml_analysis_affirmed_rights_deny_hate(text: str, negated: float) -> None:
    assert _cue(text, "negated_hate") == negated


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        ("Jews should be expelled.", 1.0),
        ("Black people should be segregated again.", 1.0),
        ("The students were expelled from school.", 0.0),
        ("Jews deserve what happened to them.", 1.0),
        ("He deserved what happened to him.", 0.0),
        ("Women are nothing but property.", 1.0),
        ("Women were property before 1900.", 0.0),
        ("He seized Jewish property.", 0.0),
        ("He looks at women like they are objects.", 0.0),
        ("Trans women are just men in dresses.", 1.0),
    ],
)
def test_ml_analysis_derogation_round_15(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        # Probes of 2026-11-30 (afternoon) the rules missed: a group blamed for fear or decline,
        # fewer of a group wished for, having a group near called a risk.
        ("Muslims are why I don't feel safe walking home at night.", 1.0),
        ("Immigrants are the reason this country is falling apart.", 1.0),
        ("Things were so much better when there were fewer Jews around.", 1.0),
        ("The world would be a better place with fewer trans people.", 1.0),
        ("Honestly the fewer immigrants the better.", 1.0),
        ("Hiring women is asking for trouble.", 1.0),
        ("Letting in refugees was a huge mistake.", 1.0),
        # The same shapes about something else, or in a group's favour.
        ("Immigrants are the reason this festival was such a success.", 0.0),
        ("Budget cuts are why the city is falling apart.", 0.0),
        ("The fewer barriers disabled people face, the better.", 0.0),
        ("Schools are better with fewer barriers for disabled people.", 0.0),
        ("Hiring women was the best decision we made.", 0.0),
        ("Things were better when there were fewer cars.", 0.0),
    ],
)
def test_ml_analysis_blame_and_wished_absence(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The world would be a better place with more women in charge.", 1.0),
        ("Science is better with more immigrants in it.", 0.0),
        ("The world would be a better place with more women in charge? No, they are vermin.", 0.0),
    ],
)
def test_ml_analysis_more_of_a_group_wished_for_denies_hate(text: str, negated: float) -> None:
    assert _cue(text, "negated_hate") == negated


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        ("Every problem in this city started with immigrants.", 1.0),
        ("I'd move house if Muslims moved in next door.", 1.0),
        ("Whenever black people are around, things go missing.", 1.0),
        ("Every problem in this city started with the 2008 crash.", 0.0),
        ("I'd move house if my parents moved in next door.", 0.0),
        ("Whenever immigrants are around, the food gets better.", 0.0),
    ],
)
def test_ml_analysis_troubles_traced_to_a_group(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "aimed"),
    [
        ("Immigrants will get what's coming to them, I'll make sure of it.", 1.0),
        ("Someone needs to teach Muslims a lesson they won't forget.", 1.0),
        ("We'll teach him a lesson he'll never forget.", 1.0),
        # A reckoning foretold, or a lesson at the ballot box or on the pitch.
        ("The minister will get what's coming to him at the next election.", 0.0),
        ("Voters will teach the Liberals a lesson they won't forget.", 0.0),
        ("We need to teach them a lesson they won't forget at the ballot box.", 0.0),
        ("We'll teach them a lesson they won't forget on the pitch on Saturday.", 0.0),
    ],
)
def test_ml_analysis_reckonings_and_lessons_promised(text: str, aimed: float) -> None:
    assert _cue(text, "threat_at_someone") == aimed


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        ("This town has too many immigrants now.", 1.0),
        ("You can always tell when Muslims have moved into a neighbourhood.", 1.0),
        ("Too many women die in childbirth in this country.", 0.0),
        ("This town has too many potholes now.", 0.0),
        ("You can always tell when the council has been out gritting.", 0.0),
        # A verb inside another word is no verb: "gas" in "Las Vegas" before a group.
        ("The Las Vegas Jewish community opened a new school.", 0.0),
    ],
)
def test_ml_analysis_crowding_and_insinuated_arrival(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "counter"),
    [
        # The writer's own framing reports no one: the verdict after it is the writer's.
        ("Personally I'd say Muslims are a disgrace.", 0.0),
        ("Say what you want, but women are a disgrace.", 0.0),
        ("Call me naive, but Jews are a disgrace.", 0.0),
        ("I have to say, immigrants are a disgrace.", 0.0),
        # Others' words judged stay counter-speech.
        ("They say gay people are sick. That is a disgrace.", 1.0),
        ("Saying Jews are vermin is disgusting.", 1.0),
        ("It's vile to say that women are inferior.", 1.0),
    ],
)
def test_ml_analysis_own_framing_is_not_a_report(text: str, counter: float) -> None:
    assert _cue(text, "counter_speech") == counter


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Honestly, women are just people trying to get by.", 1.0),
        ("Most Muslims just want a quiet life.", 1.0),
        ("Immigrants contribute a lot to this country.", 1.0),
        ("Trans people are people too.", 1.0),
        # A concession before hate, or a share of something bad.
        ("Yes, Muslims are people too, but they carry a medieval mindset.", 0.0),
        ("Immigrants contribute a lot to crime.", 0.0),
        ("Jews are just people who steal.", 0.0),
    ],
)
def test_ml_analysis_ordinary_lives_deny_hate(text: str, negated: float) -> None:
    assert _cue(text, "negated_hate") == negated


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("I don't hate women.", 1.0),
        ("I don't hate Muslims, they are my neighbours.", 1.0),
        # The denial taken back in the next clause.
        ("I don't hate gay people, I just think they are inferior.", 0.0),
        ("I don't hate Jews, but they are so annoying.", 0.0),
    ],
)
def test_ml_analysis_a_denial_taken_back_is_no_denial(text: str, negated: float) -> None:
    assert _cue(text, "negated_hate") == negated


@pytest.mark.parametrize(
    ("text", "derogation"),
    [
        # Violence endorsed rather than threatened (round N of the implicit-hate probes).
        ("Violence against Muslims is justified.", 1.0),
        ("Hurting trans people is the right thing to do.", 1.0),
        ("Attacking immigrants is what this country needs.", 1.0),
        ("It would be a good thing if Jews were attacked.", 1.0),
        ("I support killing gay people.", 1.0),
        # Denied, reported or condemned.
        ("Violence against Muslims is never justified.", 0.0),
        ("Hurting trans people is not ok.", 0.0),
        ("Police said the violence against Jews was shocking.", 0.0),
        ("Killing immigrants is wrong and evil.", 0.0),
        ("I support helping refugees.", 0.0),
    ],
)
def test_ml_analysis_violence_endorsed(text: str, derogation: float) -> None:
    assert _cue(text, "derogation") == derogation


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("I'd trust Muslims with my life.", 1.0),
        ("Truth is, women just want the same things as the rest of us.", 1.0),
        ("I wouldn't trust Jews with my goldfish.", 0.0),
        ("I would never trust immigrants with my kids.", 0.0),
    ],
)
def test_ml_analysis_trust_and_a_shared_life_deny_hate(text: str, negated: float) -> None:
    assert _cue(text, "negated_hate") == negated


@pytest.mark.parametrize(
    ("text", "aimed"),
    [
        # Calls to violence whoever the target (round V of the implicit-hate probes).
        ("Somebody should set Muslims on fire.", 1.0),
        ("Someone should torch their houses.", 1.0),
        ("Someone should run that reporter over.", 1.0),
        ("Somebody needs to put that judge in the ground.", 1.0),
        ("People should start beating these landlords.", 1.0),
        ("Go break his windows tonight.", 1.0),
        ("Somebody should throw acid on her.", 1.0),
        ("We should burn the immigrants' shops.", 1.0),
        ("Someone should teach him a lesson with a bat.", 1.0),
        # Reports, things, and ordinary phrases.
        ("He was jailed for throwing acid at his wife.", 0.0),
        ("Someone should run the numbers over again.", 0.0),
        ("We should put the new pipes in the ground next week.", 0.0),
        ("The arsonist set the barn on fire, police said.", 0.0),
        ("Let's break the record this year.", 0.0),
    ],
)
def test_ml_analysis_calls_to_violence(text: str, aimed: float) -> None:
    assert _cue(text, "threat_at_someone") == aimed
