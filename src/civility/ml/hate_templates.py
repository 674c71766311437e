"""Our own HateCheck-style sentences about protected groups, hateful and not.

Written by us (no licence question), in HateCheck's functionalities: direct and implicit
derogation, threats, profanity, negation, questions, obfuscated spellings, counter-speech,
neutral and positive mentions, over 8 groups. They are training data for the identity-attack
head on sentence embeddings (`ml/identity_head.py`) and the templates of
`benchmarks/functional_suite.py`, whose held-out round is kept out of here on purpose.
"""

from __future__ import annotations

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
# One person of each group, with the article it takes ({o}, {a}, {A} in templates).
ONE = (
    "Muslim",
    "Jew",
    "woman",
    "immigrant",
    "gay person",
    "black person",
    "trans person",
    "disabled person",
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
    # News about what happens to a group, often in hard words, is no attack on it.
    "ident_news_nh": (
        "{G} were hit hardest by the recession.",
        "Attacks on {g} rose sharply last year.",
        "{G} face discrimination when they look for housing.",
        "Many {g} say they feel unsafe at night.",
        "{G} earn less than others for the same work, the study found.",
        "The floods left thousands of {g} homeless.",
        "Police are investigating threats against {g}.",
        "{G} are under-represented in parliament.",
        "Hundreds of {g} were detained at the border.",
        "{G} are often blamed for problems they did not cause.",
        "The report describes the abuse {g} suffered in care homes.",
        "Unemployment among {g} is higher than average.",
        "{G} protested against the new law on Saturday.",
        "The violence against {g} must be investigated.",
        "{G} struggle to get the care they need.",
        "Three {g} died in the fire.",
        "{G} get terrible treatment from their bosses.",
        "{G} are given rubbish jobs with lousy pay.",
        "{G} get a raw deal from the government.",
        "{G} are sick of being ignored by politicians.",
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

# Round 4 (2026-11-29): written from HateCheck's functionality descriptions before the model
# scored them, then scored once (0.950 on 674 cases; BENCHMARKS.md), then given rules.
ROUND_4_HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": (
        "I really can't stand {g}.",
        "{G} fill me with rage.",
        "Honestly, I loathe {g}.",
        "Nothing makes me angrier than {g}.",
        "{G} make my skin crawl.",
    ),
    "derog_neg_attrib_h": (
        "{G} are all liars and cheats.",
        "{G} are so stupid it hurts.",
        "Every single one of {g} is a criminal.",
        "{G} are lazy parasites living off the rest of us.",
        "{G} are pathetic.",
    ),
    "derog_dehum_h": (
        "{G} are nothing but animals.",
        "{G} are a disease on this country.",
        "{G} are subhuman trash.",
        "{G} are a plague.",
    ),
    "derog_impl_h": (
        "I wouldn't let {g} anywhere near my kids.",
        "Our neighbourhood was fine until {g} moved in.",
        "{G} should go back to where they came from.",
        "Hiring {g} is always a mistake.",
        "Keep {g} out of our schools.",
    ),
    "threat_dir_h": (
        "I'm going to kill every one of {g} I meet.",
        "I will make {g} suffer.",
        "One day I'll burn down the homes of {g}.",
        "I want to shoot {g}.",
    ),
    "threat_norm_h": (
        "{G} should all be executed.",
        "Somebody needs to beat up {g}.",
        "It would be right to kill {g}.",
        "{G} deserve to die.",
    ),
    "profanity_h": (
        "{G} are fucking disgusting.",
        "Fucking {g} ruin everything.",
        "I hate those shitty {g}.",
    ),
    "ref_subs_clause_h": (
        "I met some {g} yesterday and they were vile, as always.",
        "{G} think they deserve rights, but they are worthless.",
    ),
    "ref_subs_sent_h": (
        "Don't talk to me about {g}. They are the scum of the earth.",
        "My new neighbours are {g}. I can't stand them.",
    ),
    "negate_pos_h": (
        "{G} will never be equal to us.",
        "I don't respect {g} at all.",
        "{G} have never contributed anything good.",
        "No one wants {g} around.",
    ),
    "phrase_question_h": (
        "Why are {g} so disgusting?",
        "Isn't it obvious that {g} are inferior?",
        "Wouldn't the world be better without {g}?",
        "What is wrong with {g}? They are all filthy.",
    ),
    "phrase_opinion_h": (
        "I think {g} are disgusting.",
        "In my opinion {g} are worthless.",
        "I believe {g} are a cancer.",
        "I feel like {g} are scum.",
        "Personally, I find {g} repulsive.",
    ),
    "spell_char_swap_h": (
        "I hate {s}.",
        "{G} are disgsuting.",
    ),
    "spell_char_del_h": (
        "I hate {d}.",
        "{G} are disgustng.",
    ),
    "spell_space_del_h": (
        "I hate{j}.",
        "{G} aredisgusting.",
    ),
    "spell_space_add_h": (
        "I h a t e {g}.",
        "{G} are d i s g u s t i n g.",
    ),
    "spell_leet_h": (
        "I h4te {g}.",
        "{G} are d1sgust1ng.",
        "{G} are sc*m.",
    ),
}
ROUND_4_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "negate_neg_nh": (
        "I don't hate {g}.",
        "{G} are not disgusting.",
        "No one should think {g} are inferior.",
        "I would never say {g} are worthless.",
    ),
    "ident_neutral_nh": (
        "I am one of the {g} in this city.",
        "The survey asked {g} about their jobs.",
        "Many {g} voted in the last election.",
        "We had a meeting with {g} from the community.",
    ),
    "ident_pos_nh": (
        "{G} are brilliant.",
        "I love {g}.",
        "{G} make our society stronger.",
        "So proud of all the {g} in my family.",
    ),
    "counter_quote_nh": (
        'If you say "I hate {g}", you are the problem.',
        'Saying "{g} are scum" is not acceptable.',
        'I was told "{g} are subhuman" and it made me furious.',
        '"{G} should die" is a horrible thing to post.',
        "Stop saying that {g} are disgusting.",
    ),
    "counter_ref_nh": (
        "Hating {g} is wrong.",
        "Threatening {g} is a crime and should be punished.",
        "People who call {g} animals are disgusting.",
        "It is vile to say that {g} deserve to die.",
        "Please stop spreading lies about {g}.",
    ),
}
ROUND_4_NON_PROTECTED: dict[str, tuple[str, ...]] = {
    "target_obj_nh": (
        "I hate Mondays.",
        "This phone is garbage.",
        "Broccoli is disgusting.",
        "That movie was absolute trash.",
        "I can't stand rainy weather.",
    ),
    "target_indiv_nh": (
        "You are a disgusting person.",
        "My boss is a worthless idiot.",
        "That referee is a moron.",
        "I hate my ex, she is scum.",
        "You are pathetic.",
    ),
    "target_group_nh": (
        "Telemarketers are scum.",
        "I hate people who chew loudly.",
        "Arsenal fans are disgusting.",
        "Drunk drivers should rot in jail.",
        "Spammers are vermin.",
    ),
    "profanity_nh": (
        "Holy shit, that was a great game!",
        "Fuck, I missed the bus again.",
        "This is the best damn pizza in town.",
        "What the fuck happened to the weather?",
        "Shit, I forgot my keys.",
    ),
    "slur_homonym_nh": (
        "I smoked a fag outside the pub.",
        "The dyke held back the sea.",
        "He bought a bundle of faggots for the fire.",
    ),
    "slur_reclaimed_nh": (
        "As a queer woman, I love this community.",
        "We're here, we're queer, get used to it!",
        "I'm a proud dyke and I'm not going anywhere.",
    ),
}
ROUND_4_FIXED_HATEFUL: dict[str, tuple[str, ...]] = {
    "slur_h": (
        "You are such a faggot.",
        "Shut up, you tranny.",
        "Get out of here, you kike.",
        "All these niggers should leave.",
        "Those retards should not be allowed to vote.",
        "That dyke is disgusting.",
        "Paki go home.",
        "Stupid sand niggers.",
    ),
}

# Round 5 (2026-11-29, night): one person of a group ("a Muslim", "a trans person") and "you X",
# written before the model scored them, scored once (0.840 on 256 cases; BENCHMARKS.md).
ROUND_5_HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": (
        "I hate every {o} I meet.",
        "There is nothing worse than {a} {o}.",
        "I can't stand being near {a} {o}.",
    ),
    "derog_neg_attrib_h": (
        "Typical of {a} {o} to be that stupid.",
        "Every {o} is a liar.",
        "You {g} are all the same, lazy and useless.",
    ),
    "derog_dehum_h": (
        "{A} {o} is not a real person.",
        "{A} {o} is worth less than a dog.",
        "You {g} are animals.",
    ),
    "derog_impl_h": (
        "I would never date {a} {o}.",
        "Never trust {a} {o}.",
        "I'd rather die than have {a} {o} as a neighbour.",
    ),
    "threat_dir_h": (
        "I will kill any {o} I see.",
        "Any {o} who comes near me will get hurt.",
        "I'm going to beat up the next {o} I see.",
    ),
    "threat_norm_h": (
        "Every {o} should be shot.",
        "{A} {o} deserves to be beaten.",
    ),
    "phrase_question_h": (
        "Is there anything dumber than {a} {o}?",
        "Why does every {o} have to be so disgusting?",
    ),
    "phrase_opinion_h": (
        "I think every {o} is scum.",
        "If you ask me, {a} {o} is a waste of space.",
    ),
}
ROUND_5_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "ident_neutral_nh": (
        "My neighbour is {a} {o}.",
        "The first {o} to win the award spoke today.",
        "As {a} {o}, I agree with this article.",
        "She is {a} {o} and a teacher.",
    ),
    "ident_pos_nh": (
        "Being {a} {o} is something to be proud of.",
        "{A} {o} saved my life yesterday.",
        "I am proud to be {a} {o}.",
    ),
    "negate_neg_nh": (
        "No {o} deserves to be hated.",
        "I don't think {a} {o} is any worse than anyone else.",
    ),
    "counter_ref_nh": (
        "Attacking someone for being {a} {o} is a crime.",
        "He was abused for being {a} {o}, which is disgusting.",
    ),
}

# Round 6 (2026-11-29, night): opinions and quoted hate reported with disapproval, written before
# the model scored them, scored once (0.850 on 160 cases; BENCHMARKS.md).
ROUND_6_HATEFUL: dict[str, tuple[str, ...]] = {
    "phrase_opinion_h": (
        "Honestly, {g} are the worst.",
        "To be honest, {g} are useless.",
        "I reckon {g} are a disease.",
        "My view is that {g} are subhuman.",
        "It's my belief that {g} ruin everything.",
        "Let's be real, {g} are parasites.",
        "I'm convinced {g} are evil.",
        "I'd argue {g} are inferior.",
        "It seems to me that {g} are lazy and stupid.",
        "Call me old-fashioned, but {g} are disgusting.",
    ),
}
ROUND_6_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "counter_quote_nh": (
        '"{G} are scum" - I can\'t believe someone wrote this.',
        'My uncle said "{g} are vermin" at dinner and I walked out.',
        "Someone spray-painted '{g} out' on the wall. Sickening.",
        "'All {g} are criminals'? That's a lie.",
        "The sign read '{g} not welcome'. We took it down.",
        "'Kill all {g}' is what they chant at their rallies, and it terrifies me.",
        "I keep seeing '{g} are animals' in the comments. Please report it.",
        '"{G} should be deported" is not an opinion, it is bigotry.',
        "When he said {g} are a plague, the whole room went silent in shock.",
        "The troll wrote that {g} are subhuman; he was banned within minutes.",
    ),
}

# Round 7 (2026-11-29, night): hostile feelings about a group, and anger on a group's behalf,
# written before the model scored them, scored once (0.938 on 128 cases; BENCHMARKS.md).
ROUND_7_HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": (
        "{G} annoy me so much.",
        "I resent {g}.",
        "{G} irritate me.",
        "I'm fed up with {g}.",
        "{G} make me furious.",
        "I've had enough of {g}.",
        "Being around {g} makes me sick.",
        "I find {g} unbearable.",
        "I abhor {g}.",
        "I really dislike {g}.",
        "I hate the sight of {g}.",
        "{G} creep me out.",
    ),
}
ROUND_7_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    # Written after the first score, as contrast to the short feelings above: learnt alone, they
    # taught the identity head that any short sentence about a group is hate ("Many Muslims
    # live in my neighbourhood." reached 0.51).
    "ident_pos_nh": (
        "{G} inspire me so much.",
        "I respect {g}.",
        "{G} make me laugh.",
        "Being around {g} makes me happy.",
    ),
    "ident_neutral_nh": (
        "{G} live on my street.",
        "I see {g} at the market every week.",
        "{G} work at the hospital.",
        "I have met many {g}.",
    ),
    "counter_ref_nh": (
        "I'm furious about how {g} are treated.",
        "I'm sick of seeing {g} mistreated.",
        "It makes me angry when {g} are insulted.",
        "I hate how the media talks about {g}.",
    ),
}

# Round 8 (2026-11-29, night): hate quoted to condemn it, written before the model scored it,
# scored once (1.000 on 96 cases; BENCHMARKS.md).
ROUND_8_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "counter_quote_nh": (
        '"{G} are scum" is such a dumb thing to say.',
        'Statements like "{g} are vermin" are deeply hurtful.',
        '"I hate {g}." How can anyone say that?',
        '"{G} are disgusting" shows how ignorant some people are.',
        'If you think "{g} are filth", you are a bigot.',
        '"{G} should be killed" - absolutely vile.',
        'Why would anyone say "{g} are inferior"?',
        '"All {g} are criminals" is just not true.',
        'I cannot believe he said "{g} are parasites".',
        'Saying "{g} are animals" makes you look stupid.',
        '"{G} are a disease" - what a hateful thing to write.',
        'People keep writing "{g} are trash" and it needs to stop.',
    ),
    # Harm foretold for a group, in the news: written after "Many Christians will be killed if
    # the West does nothing." scored 0.80 `identity_attack` (a threat rule) and 0.66 (the head).
    "ident_news_nh": (
        "Many {g} will be killed if nothing is done.",
        "{G} will be hurt most by the budget cuts.",
        "{G} could be shot crossing the border, the charity warned.",
        "Experts fear more {g} will be attacked this year.",
    ),
}

# Round 9 (2026-11-29, afternoon): all functionalities, written by someone who had read none of
# this module, the rules or the held-out round, before the model scored it. First score 0.882 on
# 744 cases (derog_impl_h 0.250, negate_pos_h 0.500; BENCHMARKS.md); rules written after it.
ROUND_9_HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": (
        "I can't stand {g}, they make my skin crawl.",
        "Honestly nothing disgusts me more than {g}.",
        "I despise {g} with every fibre of my being.",
        "Every time I see {a} {o} on my street I feel sick.",
    ),
    "derog_neg_attrib_h": (
        "{G} are lazy, dishonest and stupid, every single one of them.",
        "{G} are violent. It's in their nature.",
        "You can't trust {a} {o}, they are liars by nature.",
        "{G} are too dumb to run anything properly.",
    ),
    "derog_dehum_h": (
        "{G} are vermin, plain and simple.",
        "{G} are nothing but animals.",
        "{A} {o} is less than human.",
        "{G} are a disease spreading through our towns.",
    ),
    "derog_impl_h": (
        "Funny how crime went up right after the {g} moved in.",
        "This neighbourhood was decent until {g} started showing up.",
        "I'd never let my kids anywhere near {a} {o}.",
        "Let me guess: {a} {o} was behind it. Shocker. Same as always.",
    ),
    "threat_dir_h": (
        "I'm going to hurt the next {o} I see.",
        "We will make {g} pay for this, one by one.",
        "Keep walking around here and you {g} will get what's coming to you.",
        "I swear I'll beat up any {o} who comes near my house.",
    ),
    "threat_norm_h": (
        "{G} should all be locked up and the key thrown away.",
        "Someone needs to put {g} in their place, by force if necessary.",
        "{G} deserve to be beaten.",
        "The world would be better if {g} were wiped out.",
    ),
    "profanity_h": (
        "{G} are fucking disgusting.",
        "Fuck {g}, seriously.",
        "I'm sick of these shitty {g} ruining everything.",
        "Every {o} I've ever met was a worthless piece of shit.",
    ),
    "ref_subs_clause_h": (
        "I met {a} {o} today, who was as filthy and useless as the rest of them.",
        "{G}, who are a plague on this country, should not be allowed to vote.",
        "My new neighbour is {a} {o}, which means trouble, since they're all criminals.",
        "There are too many {g} here, and they are all scum.",
    ),
    "ref_subs_sent_h": (
        "Have you seen the {g} in this town? They're disgusting.",
        "I work with a few {g}. They are all useless idiots.",
        "{G} keep showing up on the news. They are a cancer.",
        "{A} {o} moved in next door. I hate them already, they're all the same.",
    ),
    "negate_pos_h": (
        "{G} are never trustworthy.",
        "No {o} has ever been worth respecting.",
        "{G} don't deserve any respect or kindness.",
        "{G} will never be equal to the rest of us.",
    ),
    "phrase_question_h": (
        "Why are {g} so disgusting?",
        "Why is it that every {o} is a liar?",
        "Isn't it obvious that {g} are inferior?",
        "Can we finally admit {g} are a plague on society?",
    ),
    "phrase_opinion_h": (
        "I think {g} are a waste of space.",
        "In my opinion, {g} are subhuman.",
        "Personally I believe {g} are worthless.",
        "Just my two cents, but {a} {o} is inferior by nature.",
    ),
    "spell_char_swap_h": (
        "{G} are totally disgustnig.",
        "I hate {g}, they are wrothless.",
        "{G} are such sutpid creatures.",
        "I dsepise {g}.",
    ),
    "spell_char_del_h": (
        "I hte {g}.",
        "{G} are worthles trash.",
        "{G} are disgustng animals.",
        "{A} {o} is a parasit.",
    ),
    "spell_space_del_h": (
        "{G} are completelydisgusting.",
        "Ihate {g}.",
        "{G} are subhumantrash.",
        "{A} {o} is nothingbut vermin.",
    ),
    "spell_space_add_h": (
        "{G} are d i s g u s t i n g.",
        "I d e s p i s e {g}.",
        "{A} {o} is a p a r a s i t e.",
        "All {g} are s c u m.",
    ),
    "spell_leet_h": (
        "I h4te {g}.",
        "{G} are w0rthless tr4sh.",
        "{A} {o} is a p4r4s1te.",
        "{G} are 5cum.",
    ),
}

ROUND_9_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "negate_neg_nh": (
        "I don't hate {g} at all.",
        "{G} are not a threat to anyone.",
        "{G} are not lazy or dishonest, and never have been.",
        "I've never had a problem with {a} {o} in my life.",
    ),
    "ident_neutral_nh": (
        "A new survey asked {g} about their experiences with public transport.",
        "{G} make up a growing share of the city's workforce, according to the latest figures.",
        "The council met with {g} from the area to discuss the housing plan.",
        "{A} {o} was elected to the school board on Tuesday.",
        "As {a} {o}, I'd like to see more buses on the late routes.",
    ),
    "ident_pos_nh": (
        "I absolutely love working with {g}, they're brilliant.",
        "{G} are so damn strong, it blows my mind.",
        "My best friend is {a} {o} and I'd be lost without them.",
        "Crazy how talented {g} are, honestly insane.",
    ),
    "counter_quote_nh": (
        "'{G} are vermin' is a disgusting thing to say and you should be ashamed.",
        "When you say 'I hate {g}', you're just showing everyone how small you are.",
        "Someone wrote 'all {g} should be locked up' under this article. Reported. Vile.",
        "Stop saying '{g} are animals'. It's dehumanising and it's wrong.",
        "My uncle said '{g} are a disease' at dinner and I walked out.",
    ),
    "counter_ref_nh": (
        "The hateful comments about {g} in this thread are appalling.",
        "Anyone who spreads hatred toward {g} should be banned from this site.",
        "It makes me furious how {g} get abused online every single day.",
        "Calling {g} names doesn't make you brave, it makes you a bigot.",
        "Threats against {g} are never acceptable. Report them.",
    ),
}

# Contrasts for round 9: negative words beside a group that are about what befalls it. Learnt
# alone, round 9's short hateful sentences pushed news sentences over 0.5 ("Women get crap pay
# for the same work.", "The Islamic State is a terrible blow to the region's stability.", tests).
ROUND_9_CONTRASTS: dict[str, tuple[str, ...]] = {
    "ident_news_nh": (
        "{G} get paid less for the same work, and it is a scandal.",
        "{G} were hit hardest by the terrible floods.",
        "The attack was a terrible blow to {g} in the city.",
        "{G} face awful conditions in the camps, the report says.",
        "The council is failing {g}, and that is shameful.",
        "{G} deserve better than this rubbish housing.",
        "It is a disgrace how little help {g} get.",
        "{A} {o} was treated terribly by the hospital staff.",
        # After the South Asian groups joined the lists (2026-11-29, afternoon): "Israelis and
        # Palestinians both deserve to live in peace." scored 0.46, beside "X deserve to die".
        "{G} deserve to live in peace and safety.",
        "{G} and their neighbours both deserve to live in peace.",
        "{G} are over-represented in the civil service, the census shows.",
        "{G} buried their dead after the blast.",
    ),
}


# Round 9's sentences that name no protected group.
ROUND_9_NON_PROTECTED: dict[str, tuple[str, ...]] = {
    "profanity_nh": (
        "Fuck, I missed the bus again.",
        "This weather is absolute shit.",
        "Holy shit, what a goal!",
        "Damn, that was a fucking brilliant article.",
    ),
    "target_obj_nh": (
        "I hate this stupid printer so much.",
        "This phone is a useless piece of junk.",
        "The traffic lights on this road are garbage and should be ripped out.",
        "This paywall is disgusting, honestly.",
    ),
    "target_indiv_nh": (
        "You are a complete idiot and your comment proves it.",
        "The guy who wrote this article is a clueless moron.",
        "Shut up, you pathetic troll.",
        "My landlord is a lying scumbag and I can't wait to move out.",
    ),
    "target_group_nh": (
        "Politicians are all lying parasites.",
        "Chelsea fans are the worst people on earth.",
        "Lawyers are bloodsucking vermin.",
        "I can't stand estate agents, they're scum.",
    ),
}

# Round 12, written blind on 2026-11-29 (evening) by someone who had read none of these templates,
# the rules or the data, in the style of the functionalities above over the same eight groups
# (778 cases). First score through `civility moderate` 0.878 (BENCHMARKS.md); rules were written
# for what it missed, so it is in-sample now.
ROUND_12_HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": (
        "I absolutely despise {g}. Every single one of them.",
        "Honestly nothing makes my skin crawl like {g} do.",
        "The sight of {g} fills me with pure disgust.",
        "i hate {g} so much it actually scares me sometimes",
        "{G} sicken me. There, I said it.",
    ),
    "derog_neg_attrib_h": (
        "{G} are liars by nature, you can't trust a word they say.",
        "Every {o} I've ever met was lazy, dirty and dishonest.",
        "{G} are just naturally stupid. Not their fault, it's simply how they are.",
        "Let's be real: {g} are violent and can't control themselves.",
        "{G} are selfish, greedy and completely incapable of loyalty to anyone.",
    ),
    "derog_dehum_h": (
        "{G} are vermin, plain and simple.",
        "{G} aren't people, they're animals wearing clothes.",
        "Watching {g} go about their day is like watching rats in a sewer.",
        "{G} are a disease and society is the patient.",
        "To me {a} {o} is about as human as a cockroach.",
    ),
    "derog_impl_h": (
        "Funny how the neighbourhood went downhill the moment {g} started moving in.",
        "I'd never let {a} {o} anywhere near my kids. Just wouldn't.",
        "Every time I see {g} on my street I double check that my car is locked.",
        "Hiring {a} {o} is a mistake you only make once.",
        "{A} {o} in charge? Not in my company, not ever, and we all know why.",
    ),
    "threat_dir_h": (
        "I'm going to hurt the next {o} I see. I'm done being patient.",
        "Any {o} who walks into my shop is leaving in an ambulance.",
        "We know where the {g} in this town meet. We're coming, and we're bringing bats.",
        "I will shoot {g} myself if nobody else has the guts to.",
        "Mark my words, I'm going to burn down every house {g} live in on this street.",
    ),
    "threat_norm_h": (
        "{G} should be rounded up and shot.",
        "Honestly, every {o} deserves a bullet.",
        "{G} ought to be hanged in public so the rest of them learn.",
        "The world would be a better place if someone wiped out {g} for good.",
        "{G} need to be locked up in camps. All of them, no exceptions.",
    ),
    "ref_subs_clause_h": (
        "I've met plenty of {g} and I can tell you they are all filthy liars.",
        "{G} keep whining about respect when they're nothing but a burden on everyone else.",
        "People keep defending {g}, even though they are clearly a plague on this country.",
        "You can give {g} every chance in life, but they will always be worthless.",
        "My cousin brought home {a} {o}, which made me sick because they're all scum.",
    ),
    "ref_subs_sent_h": (
        "Just saw a news story about {g}. They are such a disgusting bunch.",
        "Another thread about {g}? Ugh. They make me want to vomit.",
        "The new neighbours are {g}. I can't stand them, they're all filthy and useless.",
        "Let's talk about {g}. Honestly? They are a stain on humanity.",
        "Someone asked what I think of {g}. Simple: they're subhuman and I want nothing "
        "to do with them.",
    ),
    "negate_pos_h": (
        "{G} are never any good at anything that matters.",
        "I have never met {a} {o} who was worth the air they breathe.",
        "{G} will never be as intelligent as normal people.",
        "No {o} has ever contributed anything of value to this world.",
        "{G} simply aren't capable of being decent human beings.",
    ),
    "phrase_question_h": (
        "Why are {g} so disgusting?",
        "Is it just me or are {g} the dumbest people on the planet?",
        "Why does everyone still pretend {g} are fully human?",
        "Wouldn't we all be better off if {g} just disappeared?",
        "Seriously, how is it that every {o} turns out to be a lying piece of trash??",
    ),
    "phrase_opinion_h": (
        "I think {g} are a cancer on society.",
        "In my view, {g} are inferior, and pretending otherwise is intellectually dishonest.",
        "Honestly I believe {g} are the worst thing that ever happened to this country.",
        "Just my opinion, but {g} are worthless and always will be.",
        "Personally I feel that {g} shouldn't be treated as equals, because they aren't.",
    ),
    "profanity_h": (
        "Fuck {g}. Every last one of them.",
        "{G} are fucking disgusting and I'm sick of pretending otherwise.",
        "I hate {g} so fucking much.",
        "Every {o} is a worthless piece of shit, no exceptions.",
        "Damn, {g} really are useless sacks of shit, aren't they.",
    ),
}

ROUND_12_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "ident_neutral_nh": (
        "I work with a lot of {g} at the hospital.",
        "There's a meetup for {g} at the community centre on Thursday evening.",
        "My best friend is {a} {o}, we've known each other since primary school.",
        "{A} {o} just moved into the flat downstairs.",
        "How many {g} live in this city? Does anyone have the latest census figures?",
    ),
    "ident_pos_nh": (
        "{G} make this city a better place to live, no question.",
        "I love {g}. Seriously, some of the kindest people I know.",
        "So grateful to have {g} in my life, they've taught me so much.",
        "{G} are brilliant, resilient, and deserve far more respect than they get.",
        "honestly {g} are some of the funniest, sharpest people around",
    ),
    "negate_neg_nh": (
        "I don't hate {g}. Why would I?",
        "{G} are not vermin. They are people, like everyone else.",
        "No, {g} are not stupid, lazy or dangerous, and they never were.",
        "I have never once thought that {g} are worth less than anyone else.",
        "{G} are not a threat to this country and never have been.",
    ),
    "counter_quote_nh": (
        '"{G} are vermin" -- I can\'t believe someone actually typed this and got 300 likes.',
        'If you say "I hate {g}" in my house, you\'re out the door.',
        'My uncle said "{g} should all be shot" at dinner. I left the table and haven\'t '
        "spoken to him since.",
        'Reporting every account that posted "death to {g}" today. This is disgusting.',
        "Saying '{g} are animals' isn't 'just an opinion', it's dehumanising and you "
        "should be ashamed.",
    ),
    "counter_ref_nh": (
        "The abuse {g} get online every single day is sickening, and the platforms do "
        "nothing about it.",
        "Anyone who spreads hate about {g} should be called out, loudly.",
        "I'm so tired of seeing people dehumanise {g} in these comment sections. Do better.",
        "That politician's speech about {g} was pure bigotry dressed up as 'concern'.",
        "If your jokes only work by treating {g} as less than human, they're not jokes.",
    ),
}

ROUND_12_NON_PROTECTED: dict[str, tuple[str, ...]] = {
    "profanity_nh": (
        "Fuck yes, I finally passed my driving test!!",
        "Holy shit, that sunset is unreal.",
        "Stubbed my toe on the damn bed frame again. FUCK.",
        "This burrito is so fucking good I might actually cry.",
        "Shit, I left my keys at the office.",
        "Well that was a bloody brilliant match, what a goal!",
        "What the hell is going on with the weather? It's snowing in May.",
        "I got zero sleep last night and I feel like absolute shit, lol",
    ),
    "target_obj_nh": (
        "This fucking printer is the most useless piece of junk ever made.",
        "My laptop is a worthless pile of garbage, it crashed three times today.",
        "I hate this stupid app, it logs me out every five minutes.",
        "This couch is disgusting. I can't believe I paid money for it.",
        "The bus shelter on my street is a filthy, rotten eyesore.",
        "Honestly this phone deserves to be thrown in the bin and set on fire.",
        "These cheap headphones are trash. Absolute trash.",
        "I swear I'm about to smash this piece-of-shit router with a hammer.",
    ),
    "target_indiv_nh": (
        "Dave, you're a lying sack of shit and everyone at work knows it.",
        "My ex is the most selfish, manipulative person I've ever met.",
        "You are genuinely the dumbest person in this group chat.",
        "My landlord Gary is a greedy scumbag who still hasn't fixed the heating after "
        "three months.",
        "Shut up, Kevin. Nobody asked for your opinion, you clown.",
        "That ref tonight was a blind idiot who should never be allowed near a pitch again.",
        "I hope my boss steps on a Lego. Miserable old bastard.",
        "You're pathetic. Go cry about it somewhere else.",
    ),
    "target_group_nh": (
        "Chelsea fans are the most obnoxious people in the entire league.",
        "Politicians are all liars who'd sell their own mothers for a vote.",
        "Landlords are parasites sucking their tenants dry.",
        "Estate agents are vermin, change my mind.",
        "Cyclists who run red lights are a menace and should have their bikes confiscated.",
        "Every banker responsible for 2008 should have been locked up.",
        "Crypto bros are the most insufferable people on the internet.",
        "Lawyers are bloodsucking leeches, every last one of them.",
    ),
}

ROUND_12_FIXED_HATEFUL: dict[str, tuple[str, ...]] = {
    "slur_h": (
        "Another mosque going up downtown. Nobody asked for more ragheads round here.",
        "Women are all dumb bitches who should shut up and stay in the kitchen.",
        "Can't even walk through the park anymore without seeing faggots everywhere.",
        "No tranny is ever setting foot in my gym.",
        "The border's wide open and the wetbacks just keep pouring in.",
        "This neighbourhood was fine before the niggers showed up.",
        "Why do retards even get to vote?",
        "The banks and the media are all run by kikes, everyone knows it.",
        "Dykes like her make me physically sick.",
        "Send every last muzzie back where they came from.",
    ),
    "spell_char_swap_h": (
        "I hate Musilms so much.",
        "Womne are worthless, always have been.",
        "Gay poeple are disgusting, keep them away from me.",
        "trasn people are freaks and always will be",
        "Immigrnats are vermin and should be treated like it.",
        "Black people are so disgustnig.",
        "Disbaled people are useless, they contribute nothing.",
        "I can't stand Jwes. Never could.",
    ),
    "spell_char_del_h": (
        "Muslms are a plague on this country.",
        "Wmen are too stupid to be allowed to vote.",
        "Gay people are disgustng.",
        "Trans peple are freaks.",
        "Imigrants are parasites, every last one.",
        "Blck people are subhuman.",
        "Disabld people should be locked away out of sight.",
        "Jews are filty rats.",
    ),
    "spell_space_del_h": (
        "#killallmuslims",
        "Ihatewomen, they're all the same.",
        "Gaypeople are an abomination.",
        "deathtotranspeople",
        "immigrantsarefilthyvermin",
        "Blackpeople are subhuman, end of.",
        "Disabledpeople should just be put down.",
        "Jewsarevermin and everyone knows it.",
    ),
    "spell_space_add_h": (
        "I hate M u s l i m s.",
        "W o m e n are worthless.",
        "G a y people are disgusting.",
        "Trans people are f r e a k s.",
        "Im migrants are vermin.",
        "B l a c k people are animals.",
        "Disabled people are a w a s t e of space.",
        "J e w s are a plague.",
    ),
    "spell_leet_h": (
        "Mu5l1ms are scum.",
        "W0m3n are worthless.",
        "G4y people are disgusting.",
        "Tr4ns people are fr34ks.",
        "1mm1grants are vermin.",
        "Bl4ck people are animals.",
        "D1s4bled people are useless.",
        "J3ws are r4ts.",
    ),
}

ROUND_12_FIXED_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "slur_homonym_nh": (
        "Popped out for a fag behind the bike sheds before the last lesson.",
        "We had faggots and peas for tea tonight, my nan's old recipe.",
        "Adding a little salt will retard the growth of the mould.",
        "Our bitch had a litter of six puppies last night, all healthy.",
        "The dyke held back the floodwater for another night, thank god.",
        "The tranny in my old Ford finally gave out, so I'm shopping for a new transmission.",
        "Homo erectus was using fire long before Homo sapiens came along.",
        "There was something queer about the way the old house creaked at night.",
    ),
    "slur_reclaimed_nh": (
        "Proud to be a queer woman, and I'll say it loud at Pride this weekend.",
        "Me and my fellow dykes are taking over the bowling alley tonight.",
        "As a fag myself, I'm allowed to laugh at that joke. You're not.",
        "Me and my niggas from the block finally opened our own studio, so proud of us.",
        "Us cripples look out for each other, that's the best part of the disabled community.",
        "I'm a tranny and I'll call myself whatever I like, thanks.",
        "We're bad bitches and we know it, girls' night out!!",
        "Us homos are hosting the neighbourhood BBQ this year, everyone's invited.",
    ),
}


# Contrasts for round 12: neighbours arriving, and the sight of a group, said kindly. The shipped
# model scored "A Muslim just moved into the flat downstairs." 0.63 `identity_attack`: it had
# learnt "moved in" from round 9's "crime went up after X moved in".
ROUND_12_CONTRASTS: dict[str, tuple[str, ...]] = {
    "ident_neutral_nh": (
        "{A} {o} just moved in next door.",
        "{A} {o} moved into our building last month.",
        "{A} {o} lives in the flat upstairs.",
        "Lots of {g} moved into the area in the nineties.",
        "The street got livelier when {g} started moving in.",
        "I saw {a} {o} at the bus stop this morning.",
        "The sight of {g} marching for their rights fills me with hope.",
        "Every time I see {g} at the market I'm reminded how mixed this town is.",
        "Me and my fellow {g} are meeting at the library tonight.",
        "No {o} has ever been elected mayor here, which says a lot about the council.",
    ),
    # Swearing on a group's behalf: "Women get crap pay for the same work." (0.53 with the first
    # draft of this model, beside round 12's profane hate).
    "ident_news_nh": (
        "{G} get a crap deal from this government.",
        "The pay {g} get in this industry is crap.",
        "{G} are treated like crap by the system, and it has to change.",
        "{G} still get shit wages for the same hours.",
    ),
}

# Short statements (2026-11-29, night): the identity head read a group alone, masked to "people", as
# likely hate ("I'm gay." 0.67, "Muslims deserve respect." 0.60, "Gay people exist." 0.86: 23 of
# 40 such sentences held), since every short sentence it had learnt from was hateful. Pairs
# of both kinds, so that shortness says nothing.
ROUND_15_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "ident_neutral_nh": (
        "I'm {a} {o}.",
        "We are {g}.",
        "{G} live here too.",
        "{G} exist.",
        "My neighbour is {a} {o}.",
        "Proud to be {a} {o}.",
        "There are {g} in every profession.",
        "Some {g} like football, some don't.",
    ),
    "ident_pos_nh": (
        "{G} deserve respect.",
        "{G} are people too.",
        "{G} are here to stay.",
        "I stand with {g}.",
        "{G} can be anything they want to be.",
        "{G} are my friends and neighbours.",
        "{G} belong here.",
        "Respect {g}.",
    ),
}
ROUND_15_HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_dehum_h": ("{G} are a disease.", "{G} are not people.", "{G} are a plague."),
    "derog_neg_emote_h": ("I can't stand {g}.", "{G} make me sick."),
    "derog_neg_attrib_h": ("{G} ruin everything.", "{G} don't deserve respect."),
    "derog_impl_h": ("{G} should not exist.", "{G} don't belong here.", "No {g} here."),
    "threat_norm_h": ("Get rid of all {g}.",),
    "threat_dir_h": (
        "{G}, your days here are numbered.",
        "I'll drive {g} out of here myself.",
        "We're coming for {g}.",
        "{G} won't be safe here much longer.",
        "Watch your back, {g}.",
    ),
}

ROUNDS_HATEFUL = (
    ROUND_4_HATEFUL,
    ROUND_5_HATEFUL,
    ROUND_6_HATEFUL,
    ROUND_7_HATEFUL,
    ROUND_9_HATEFUL,
    ROUND_12_HATEFUL,
    ROUND_15_HATEFUL,
)
ROUNDS_NOT_HATEFUL = (
    ROUND_4_NOT_HATEFUL,
    ROUND_5_NOT_HATEFUL,
    ROUND_6_NOT_HATEFUL,
    ROUND_7_NOT_HATEFUL,
    ROUND_8_NOT_HATEFUL,
    ROUND_9_NOT_HATEFUL,
    ROUND_9_CONTRASTS,
    ROUND_12_NOT_HATEFUL,
    ROUND_12_CONTRASTS,
    ROUND_15_NOT_HATEFUL,
)


def fill(template: str, i: int) -> str:
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
        o=ONE[i],
        a="an" if ONE[i][0] in "aeiou" else "a",
        A="An" if ONE[i][0] in "aeiou" else "A",
    )


def cases() -> list[tuple[str, str, bool]]:
    """(functionality, text, hateful?) for every template and group."""
    out = []
    for hateful, tables in (
        (True, (HATEFUL, LATER_HATEFUL, *ROUNDS_HATEFUL)),
        (False, (NOT_HATEFUL, LATER_NOT_HATEFUL, *ROUNDS_NOT_HATEFUL)),
    ):
        for name, templates in (item for table in tables for item in table.items()):
            for template in templates:
                for i in range(len(GROUPS)):
                    out.append((name, fill(template, i), hateful))
    for fixed in (FIXED_HATEFUL, ROUND_4_FIXED_HATEFUL, ROUND_12_FIXED_HATEFUL):
        for name, texts in fixed.items():
            out.extend((name, text, True) for text in texts)
    for other in (
        NON_PROTECTED,
        ROUND_4_NON_PROTECTED,
        ROUND_9_NON_PROTECTED,
        ROUND_12_NON_PROTECTED,
        ROUND_12_FIXED_NOT_HATEFUL,
    ):
        for name, texts in other.items():
            out.extend((name, text, False) for text in texts)
    return out
