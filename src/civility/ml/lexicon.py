"""Word lists the abuse model needs as features: identities, slurs, swear words, cues.

All entries are lower-case, after `textnorm` folding. These lists make the features
obfuscation-robust and let the model tell a group named from a group attacked.
"""

from __future__ import annotations

import re
from functools import lru_cache


def word_set(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text."""
    return frozenset(text.split())


# Peoples by nationality or ethnicity, in the plural only: the singular is mostly an adjective
# ("Russian soldiers", "a Nigerian court"), and the plural names the people ("Haitians are
# animals." scored 0.03 `identity_attack`, published). Not the nations our newsrooms write in and
# for ("Canadians", "Americans", "Brits": the electorate, in every other comment), nor plurals that
# are ordinary words ("poles", "danish", "welsh", "dutch", "georgians", "travellers"), nor those
# the news mostly uses for their state ("the Russians" hacked, "the Saudis" bombed: like
# countries, below). Matched exactly: one letter from them are ordinary words ("greeks", "geeks").
PEOPLES = word_set(
    """
    nigerians ghanaians kenyans ugandans tanzanians ethiopians eritreans sudanese congolese
    senegalese zimbabweans rwandans tutsis hutus igbo yoruba hausa fulani zulus haitians jamaicans
    cubans dominicans colombians venezuelans hondurans guatemalans salvadorans brazilians peruvians
    ecuadorians filipinos filipinas vietnamese cambodians indonesians malaysians burmese rohingya
    uyghurs uighurs tibetans nepalis iraqis iranians turks lebanese egyptians moroccans algerians
    tunisians libyans yemenis ukrainians romanians bulgarians albanians serbs
    serbians croats bosnians kosovars chechens armenians azerbaijanis lithuanians latvians
    hungarians czechs slovaks germans italians greeks spaniards portuguese scots inuit maori
    maoris guyanese luos kikuyu kikuyus xhosa xhosas ndebele
    """
)
# One of a people ("every Nigerian"): a group only after a quantifier and before a verb, since
# the singular is mostly an adjective ("the Nigerian government", "Italian food").
PEOPLE_MEMBERS = frozenset(w[:-1] for w in PEOPLES if w.endswith("s") and not w.endswith("ss"))
QUANTIFIERS = word_set("every each any no")
# Names that begin with a group's word but name an organisation or a state, not a people: "The
# Islamic State is a terrible blow to the region" attacks no identity.
ORGANISATION_NAMES = frozenset({("islamic", "state")})
MEMBER_FOLLOWERS = word_set(
    """
    is was has had should must will would can could cannot can't who that i i've i'm you in
    here there living alive ever on at out
    """
)
# Protected identities (religion, ethnicity, nationality, gender, orientation, disability).
IDENTITY_TERMS = PEOPLES | word_set(
    """
    muslim muslims islam islamic moslem moslems jew jews jewish judaism christian christians
    catholic catholics hindu hindus sikh sikhs buddhist buddhists atheist atheists mormon mormons
    arab arabs black blacks white whites asian asians african africans mexican mexicans latino
    latinos latina latinas hispanic hispanics indian indians pakistani pakistanis chinese
    japanese korean koreans somali somalis syrian syrians immigrant immigrants migrant migrants
    refugee refugees foreigner foreigners woman women female females girls lady ladies gay gays
    lesbian lesbians bisexual bisexuals trans transgender transgenders transsexual queer queers
    homosexual homosexuals lgbt lgbtq disabled handicapped autistic deaf blind wheelchair
    roma gypsies gypsy aboriginal aboriginals indigenous natives
    shia shias shiite shiites sunni sunnis ahmadi ahmadis ahmadiyya qadiani qadianis hazara hazaras
    pashtun pashtuns pathan pathans baloch balochs baluch sindhi sindhis punjabi punjabis mohajir
    mohajirs muhajir muhajirs afghan afghans bengali bengalis bangladeshi bangladeshis kashmiri
    kashmiris tamil tamils dalit dalits parsi parsis ismaili ismailis palestinian palestinians
    israeli israelis kurd kurds
    """
)
# Slurs: demeaning words for an identity; always an identity reference, never neutral.
SLURS = word_set(
    """
    nigger niggers nigga niggas negro negroes kike kikes spic spics chink chinks wetback wetbacks
    raghead ragheads towelhead towelheads sandnigger faggot faggots fag fags dyke dykes tranny
    trannies shemale retard retards retarded paki pakis gook gooks coon coons beaner beaners
    muzzie muzzies mudslime mudslimes kaffir kafir kafirs kaafir kaafirs subhuman subhumans
    choora chooras chuhra chuhras churha churhe
    wog wogs makwerekwere kwerekwere amakwerekwere pikey pikeys gypo gypos gyppo gyppos kanake
    kanaken tigani tiganii indon indons keling kelings veneco venecos
    """
)
# Slurs that some groups reclaim among themselves: a slur only when not said of oneself.
RECLAIMED = word_set("nigga niggas dyke dykes fag fags faggot faggots tranny trannies")
# Of these, the ones mostly aimed at others: self-description only right before them ("as a fag
# myself", "I'm a tranny"), not anywhere near ("my neighbour is a fag").
RECLAIMED_STRICTLY = word_set("fag fags faggot faggots tranny trannies")
# Words before a reclaimed slur that aim it at others: "I hate dykes", "stop being a faggot".
AIMED_BEFORE = word_set(
    "hate hates hated despise despises loathe detest kill stop quit fuck these those you"
)
# Reclaimed forms used mostly within the group (AAVE "nigga"): never a slur on their own.
# Counting them as slurs when not self-described cost HateXplain's identity_attack 0.015 ROC-AUC.
IN_GROUP_FORMS = word_set("nigga niggas")
# Slurs that are also ordinary British words, with words that show the ordinary sense near by.
_SMOKING = word_set(
    "smoke smoked smoking cigarette cigarettes ciggie ciggies tobacco lighter pack packet roll"
    " rolled ashtray puff popped nipped"
)
_COOKING = word_set("gravy peas onion onions meatball meatballs butcher pork liver oven dinner")
_FIREWOOD = word_set("fire firewood sticks bundle wood kindling")
# A dyke is also a sea wall or a ditch (the Dutch and Fenland sense).
_WATERWORKS = word_set(
    "sea seas water flood floods flooded flooding river rivers canal canals polder polders dutch"
    " netherlands holland levee levees embankment tide tides breach breached dam dams marsh fens"
    " ditch ditches drained drainage floodwater floodwaters"
)
# "Tranny" is also a car's transmission and, in Britain, a transistor radio.
_MOTORING = word_set(
    "transmission transmissions gearbox gear gears clutch engine car cars truck van ford mechanic"
    " fluid radio"
)
# "Retard" is also a verb: to slow growth, decay, a process.
_SLOWING = word_set(
    "growth progress development spread rate process processes ignition corrosion"
    " decay rot mould mold germination ripening curing"
)
SLUR_HOMONYMS = {
    "fag": _SMOKING,
    "fags": _SMOKING,
    "faggot": _COOKING | _FIREWOOD,
    "faggots": _COOKING | _FIREWOOD,
    "dyke": _WATERWORKS,
    "dykes": _WATERWORKS,
    "tranny": _MOTORING,
    "trannies": _MOTORING,
    "retard": _SLOWING,
}
# Words before a reclaimed slur that make it self-description: "we dykes", "as a proud dyke",
# "As a fag myself".
SELF_DESCRIPTION = word_set("i i'm im am we we're us our my me myself fellow proud being as")
# The same, right before the strictly reclaimed slurs: not "me" ("text me fag", "called me a
# faggot"), "my" or "being" ("Starks being a faggot").
SELF_DESCRIPTION_STRICT = word_set("i'm im am we we're us our fellow as myself")
# Words that may stand between those and the slur: "I'm a proud dyke", "my fellow dykes".
SELF_DESCRIPTION_FILLERS = word_set("a an proud proudly fellow happy loud out bad big old other")
# Swear words and obscenity, including Roman Urdu / Hindi abuse seen in South Asian comments.
PROFANITY = word_set(
    """
    fuck fucks fucked fucker fuckers fucking fuckin fck fcking fuk fuking fukin phuck motherfucker
    motherfuckers mf shit shits shitty bullshit shithead shitheads horseshit bitch bitches bitchy
    cunt cunts dick dicks dickhead cock cocks cocksucker pussy pussies asshole assholes arse
    arsehole bastard bastards twat twats prick pricks slut sluts whore whores wank wanker wankers
    douche douchebag dumbass jackass goddamn damn damned piss pissed crap crappy bollocks tits
    bhenchod behenchod benchod bhanchod madarchod maderchod madarjat chutiya chutia chootiya gandu
    gaandu harami haramzada haramzade kutta kutte kutti kamina kameena kamine randi bhosdike
    bhosdiwale lund lauda lawda chod suar
    sonofabitch sonuvabitch sumbitch shithole shitholes shitshow shitstorm dipshit dipshits
    dumbasses jackasses douchebags
    shitting shitted shite shitload shitloads shitter shitbag shitbags shitface apeshit batshit
    chickenshit bullcrap bullshitting bullshitter bullshitters shitpost shitposting
    ass asses asshat asshats asswipe asswipes assclown badass badasses smartass smartasses
    fatass lardass kickass hardass
    pissing pisses pissy pissant bitching bitched bitchin slutty whoring dicking dickish cunty
    wanking wanky arses cocksucking goddam goddamned goddamnit dammit damnit
    wtf stfu gtfo idgaf ffs mofo dildo dildos blowjob blowjobs handjob skank skanks titties jizz
    """
)
# Swear words whose letters, with runs squeezed, also spell common words: "assess" and "AAs"
# squeeze as "asses" and "ass" do, "Shiite" as "shite". Only their own spelling counts.
PROFANITY_EXACT_ONLY = word_set("ass asses shite")
# Every word that begins so is a swear word ("fuckwit", "motherfucking", "fuckingclass" with a
# space lost): no English word does.
PROFANE_PREFIXES = ("fuck", "motherfuck")
# Insults a person may be called, whatever their identity.
INSULT_WORDS = word_set(
    """
    idiot idiots moron morons stupid dumb imbecile imbeciles fool fools loser losers scum pathetic
    ignorant clown clowns trash garbage disgusting worthless vermin parasite parasites pig pigs
    rat rats filth filthy coward cowards hypocrite hypocrites jerk jerks lunatic lunatics
    halfwit halfwits dimwit dimwits nitwit nitwits cretin cretins buffoon buffoons numpty dunce
    """
)
# Nouns that only name-call: said of someone ("you halfwit", "the minister is a buffoon") they
# are an insult by definition. Not animals ("a rat race", "the class clown") nor "trash".
NAME_CALLING_NOUNS = word_set(
    """
    idiot idiots moron morons imbecile imbeciles fool fools loser losers coward cowards
    hypocrite hypocrites jerk jerks lunatic lunatics halfwit halfwits dimwit dimwits nitwit
    nitwits cretin cretins buffoon buffoons numpty dunce dunces scumbag scumbags dumbass dumbasses
    liar liars thief thieves crook crooks patwari patwaris jiyala jiyalas
    clown clowns creep creeps pervert perverts psycho psychos lowlife lowlifes dirtbag dirtbags
    crybaby crybabies feminazi feminazis libtard libtards degenerate degenerates traitor traitors
    vermin scum sicko sickos weirdo weirdos slimeball slimeballs sleazebag sleazebags airhead
    airheads bonehead boneheads knucklehead knuckleheads numbskull numbskulls nincompoop
    nincompoops ignoramus dolt dolts twit twits doofus
    """
)
# Roman Urdu insults: aimed at someone wherever they stand ("Abey kuttay", "kanjar kahin ka",
# "Ullu ka pattha hai tu"); not "awara kuttay" (stray dogs).
_ROMAN_URDU_INSULT = (
    r"(?<!awara\s)\b(?:kutt(?:a|ay|e|ey|on|o)|kamee?n(?:a|ay|e|ey|i)|kanjar|kanjri|harami|haramzad(?:a|ay|e|i)"
    r"|haram\s*khor|ullu\s+k[ae]\s+pat+h?[ae]|beg?h?airat|ghatiya|jaa?hil|gadh(?:a|ay|e|ey)|bewa[qk]oo?f"
    r"|badtameez|la'?nati|lanti|khabees|dall(?:a|ay|e)|bharw(?:a|ay|e)|bhadw(?:a|ay|e)|chutiy(?:a|ay|e|ey)|gandu"
    r"|yo?uthia|yo?uthias|teri\s+maa?\s+ki)\b"
)
_NAME_CALLED = (
    "(?:" + "|".join(sorted(NAME_CALLING_NOUNS, key=lambda w: (-len(w), w))) + r")\b(?!['\u2019])"
    # "fool" is a verb too: "you can fool all of the people", "you fool yourself".
    r"(?!\s+(?:them|him|her|us|me|you|yourself|yourselves|themselves|people|everyone|anyone|all)\b)"
)
# Between the verb and the noun: fillers, then at most one free word that is no negation and no
# determiner ("are not fools", "are the losers of this election" are no name-calling).
_FILLERS = (
    r"(?:such\s+|just\s+|really\s+|a\s+|an\s+|complete\s+|total\s+|absolute\s+|utter\s+|and\s+"
    r"|bunch\s+of\s+){0,4}"
)
_FREE_WORD = (
    r"(?:(?!(?:not|never|no|n't|the|this|that|these|those|their|our|my|his|her|its|your|can|could|will"
    r"|would|should|may|might|must|to|cannot|called|labelled|labeled|branded|named|dubbed)\b)\w+\s+)?"
)
NAME_CALLING = re.compile(
    # One word-boundary test before every branch (as THREAT_IMPLIED).
    r"\b(?:"
    # "You halfwit.", "you are such a fool", "you're an idiot", "you stupid moron"
    rf"(?:you|u|ya)(?:\s+(?:are|r|were)|'re|\u2019re|\s+re)?\s+{_FILLERS}{_FREE_WORD}{_NAME_CALLED}"
    rf"|{_ROMAN_URDU_INSULT}"
    # "She has the brains of a potato", "with the IQ of a houseplant".
    r"|(?:has|have|had|got|with)\s+(?:the\s+)?(?:brains?|iq|intelligence|personality|charisma|spine|backbone"
    r"|attention\s+span|morals|manners|social\s+skills)\s+of\s+(?:a|an)\s+\w+"
    # "What a buffoon.", "Typical halfwit reporter."
    rf"|(?:what|such)\s+(?:a|an)\s+{_FREE_WORD}{_NAME_CALLED}|typical\s+{_FREE_WORD}{_NAME_CALLED}"
    # "The minister is a buffoon", "they are hypocrites" (not "is not a fool", "are the losers").
    rf"|(?:is|was|are|were|'s|\u2019s|'re|\u2019re)\s+{_FILLERS}{_FREE_WORD}{_NAME_CALLED}"
    # "He is a lying snake", "that lying weasel".
    r"|lying\s+(?:snakes?|weasels?|toads?|sacks?\s+of\s+(?:shit|crap|garbage))\b"
    # Phrases that name-call: "She is a nasty piece of work", "you piece of garbage", "the
    # trailer trash party". Of a person, not of a bill ("this law is a piece of garbage").
    rf"|(?:you|u|ya|he|she|he's|she's|you're|youre|ur)\s+(?:(?:is|are|was|were|r)\s+)?{_FILLERS}"
    r"(?:(?:nasty|vile|horrible|sorry|real)\s+(?:piece|bit)\s+of\s+work"
    r"|(?:worthless\s+|useless\s+)?piece\s+of\s+(?:trash|garbage|shit|crap|filth|excrement|s\*+t|sh\*+))"
    r"|trailer\s+trash\b|window\s+lickers?\b"
    # Told to go to hell, as a sentence or after a name and a comma: "Go to hell.", "Google, go
    # to hell!", "he can go to hell". Not a prediction ("the economy will go to hell") nor a
    # belief ("sinners go to hell").
    r"|(?:^|(?<=[.!?,;:\n])|(?<=[.!?,;:\n]\s)|(?<=[.!?,;:\n]\s\s))go\s+to\s+hell\b"
    r"|(?:can|should|may)\s+go\s+to\s+hell\b"
    r")"
)
# Adjectives that judge a person's mind or character. Said of someone ("you are deranged", "she's
# so spineless") they insult as the nouns above do; `insult` stacks no n-gram logit, so only this
# floor lifts "It's because you are evil!!" (0.27 before). Of a person only, not of a plan ("the
# plan is idiotic"), and not after a condition, which speaks of anyone ("if you are clueless
# about taxes, ask an accountant"); "you are not selfish" has no intensifier to pass.
INSULTING_ADJECTIVES = word_set(
    """
    delusional deranged demented evil selfish spineless gutless brainless clueless incompetent
    shameless dishonest hypocritical pompous smug senile despicable contemptible vile repulsive
    disgraceful idiotic moronic asinine braindead unhinged narcissistic cowardly pathetic stupid
    dumb ignorant disgusting worthless useless insufferable obnoxious arrogant
    """
)
_INTENSIFIERS = (
    r"(?:(?:so|such|just|really|truly|completely|totally|utterly|absolutely|clearly|obviously"
    r"|very|too|being|a\s+bit)\s+){0,3}"
)
# Verdicts in a noun, said of a person: "You're a disgrace" (0.40 `insult` before), "he is a
# joke", "you are the worst". Not of a thing ("it's a disgrace", "this decision is a joke").
_CALLED_NOUN = (
    r"(?:a|an|such\s+a|one)\s+(?:(?:absolute|complete|total|utter|real|national|walking)\s+)?"
    r"(?:disgrace|embarrassment|joke|laughingstock|laughing\s+stock|failure|fraud|waste\s+of\s+space)\b"
    r"|the\s+(?:absolute\s+|very\s+)?worst(?=\s*(?:[.!?,]|$))"
)
CALLED_ADJECTIVE = re.compile(
    r"(?<!if )(?<!when )(?<!unless )(?<!whether )(?<!once )"
    r"\b(?:you|u|he|she)(?:\s+(?:are|r|is|was|were)|'re|\u2019re|'s|\u2019s)\s+"
    + _INTENSIFIERS
    + "(?:"
    + "|".join(sorted(INSULTING_ADJECTIVES, key=lambda w: (-len(w), w)))
    + r")\b|"
    + r"(?<!if )(?<!when )(?<!unless )(?<!whether )(?<!once )"
    r"\b(?:you|u|he|she)(?:\s+(?:are|r|is|was|were)|'re|\u2019re|'s|\u2019s)\s+(?:just\s+|really\s+|truly\s+"
    rf"|simply\s+)?(?:{_CALLED_NOUN})"
)


# Words that demean whoever they describe; after "X are ..." they make an attack on X.
DEMEANING_WORDS = word_set(
    """
    disgusting vermin scum scumbags trash garbage rubbish filth filthy dirt dirty animals beasts
    savages savage subhuman inferior parasites parasite leeches freeloaders plague cancer disease
    diseased rats cockroaches roaches pigs apes monkeys dogs worthless pathetic evil wicked vile
    stupid stupidest dumb dumbest idiots idiotic morons moronic imbeciles retarded brainless
    mindless criminals rapists terrorists predators pedophiles paedophiles groomers perverts
    degenerates degenerate liars thieves cheats crooks lazy useless ugly hideous repulsive
    revolting gross disgrace disgraceful shameful dangerous violent barbaric barbarians
    primitive backward uncivilised uncivilized freaks abomination abominations monsters demons
    devils pests nuisance losers failures weak incompetent smelly stinking unclean
    dishonest greedy deviants abnormal unnatural annoying irritating incapable unintelligent virus
    infection tumour tumor fraud frauds fuckwits fuckers swarm locusts horde hordes ignorant
    arrogant liar thief crook pest leech scumbag pervert infidels heretics scammers fraudsters
    pickpockets beggars spongers scroungers
    """
)
_DEMEANING = "(?:" + "|".join(sorted(DEMEANING_WORDS, key=lambda w: (-len(w), w))) + ")"
_NEGATION = (
    r"(?:do\s*n[o']?t|does\s*n[o']?t|did\s*n[o']?t|never|no\s+longer|would\s*n[o']?t"
    r"|will\s+never|could\s+never|can\s*n?[o']?t|cannot|wo\s*n[o']?t|not)"
)
# Let in, not "allowed to suffer like this": "no X should be allowed in", "... allowed to vote".
_LET_IN = (
    r"(?:allowed|permitted|let)(?:\s+(?:in|into|here|near|around|inside|to\s+(?:enter|stay|live|vote|work"
    r"|teach|marry|come|immigrate|serve|own|adopt))\b|\s*(?:[.!?,]|$))"
)
_HATE_VERB = r"(?:hate|despise|dislike|loathe|detest|hurt|harm|kill|attack|insult|mock|harass)"
# Said of a group, these make a claim of harm ("X are a threat"); denied, they defend the group.
_HARMFUL = r"(?:threats?|menace|danger|problems?|burdens?)"
# "I don't think X are any worse than anyone else" (not "anything worse than X").
_NO_WORSE = (
    r"any\s+worse\s+than\s+(?:anyone|anybody|everyone|everybody|others?|other\s+\w+|the\s+rest"
    r"|us|you|me|them)"
)
# Lookbehinds: the words just before are no negation ("don't deserve", "not really deserve").
_NOT_NEGATED = (
    r"(?<!n't\s)(?<!not\s)(?<!never\s)(?<!dont\s)(?<!no\s)(?<!n't\sreally\s)(?<!not\sreally\s)"
)
# The mirror of a denial ("X don't deserve respect"): a group's rights or worth affirmed, "X
# deserve respect like everyone else", "X have every right to be here", "X are welcome here".
# Not after a negation, not "deserve to be treated like animals", and no protection or safety,
# which is asked "from" someone: "Women deserve to be safe from migrants".
AFFIRMED = re.compile(
    rf"\b{_NOT_NEGATED}(?:deserve|deserves)\s+(?:(?:all|just|only|also|simply)\s+)?(?:respect|dignity"
    r"|equal\s+(?:rights|treatment|opportunities|chances)|better(?!\s+than)|compassion"
    r"|the\s+same\s+(?:rights|chances|opportunities|respect|treatment|dignity)"
    r"|a\s+(?:fair|decent|better)\s+(?:chance|life|shot|hearing)|our\s+(?:support|respect)"
    r"|to\s+be\s+(?:respected|heard|included|welcomed|happy|treated\s+(?:with\s+"
    r"(?:respect|dignity|kindness)|equally|fairly|the\s+same|as\s+equals)))\b"
    rf"|\b{_NOT_NEGATED}(?:have|has)\s+(?:every|the\s+same|an\s+equal|equal)\s+rights?\b"
    r"|\bare\s+(?:always\s+|more\s+than\s+|very\s+|so\s+|all\s+)?welcome\s+(?:here|in\s+(?:this|our))\b"
    # Ordinary lives and a share given: "X are just people trying to get by", "most X just want a
    # quiet life", "X contribute a lot to this country" (not "people who steal", "to crime").
    r"|\bare\s+(?:just\s+|only\s+|simply\s+)?(?:ordinary\s+|normal\s+|regular\s+)?(?:people|human\s+beings|humans)"
    r"\s+(?:trying\s+to\s+(?:get\s+by|make\s+a\s+living|live|survive)|like\s+(?:us|you|me|everyone\s+else|the\s+rest"
    # A concession before hate is no affirmation: "yes, X are people too, but they ...".
    r"\s+of\s+us)\b|too\b|as\s+well\b|with\s+(?:families|jobs|feelings|dreams))(?!\s*,?\s*(?:but|however|yet)\b)"
    r"|\bjust\s+want\s+(?:a\s+(?:quiet|peaceful|normal|good|decent)\s+life|to\s+(?:live|be\s+left)\s+in\s+peace"
    r"|to\s+get\s+on\s+with\s+(?:their|our)\s+lives|to\s+be\s+happy|what\s+everyone\s+(?:else\s+)?wants)\b"
    r"|\bcontribute\s+(?:a\s+lot|so\s+much|greatly|enormously|plenty|hugely)\s+to\s+(?:this|our|the)\s+"
    r"(?:country|society|community|city|town|economy|nation|world)\b"
    # Trust and a shared life: "I'd trust X with my life", "X just want the same things as the rest
    # of us" (not "I wouldn't trust X with my goldfish").
    rf"|\b{_NOT_NEGATED}trust\s+(?:\w+\s+){{1,3}}?with\s+(?:my|our)\s+(?:life|lives|kids|children|family|house"
    r"|home)\b"
    r"|\bwant\s+the\s+same\s+(?:things|rights|chances|life)\s+as\s+(?:the\s+rest\s+of\s+us|everyone|everybody"
    r"|anyone|us)\b"
    # More of a group wished for: "the world would be better with more X in charge".
    r"|\bbetter\s+(?:place\s+)?with\s+more\s+(?:\w+\s+){1,2}?in\s+(?:charge|power|office|government"
    r"|politics|leadership|science|business)\b"
    r"|\bshould\s+(?:all\s+|always\s+)?be\s+(?:respected|included|welcomed|celebrated"
    r"|treated\s+(?:with\s+(?:respect|dignity|kindness)|equally|fairly|as\s+equals))\b"
)
# A denial taken back in the next clause: "I don't hate X, I just think they are inferior."
_TAKEN_BACK = (
    r"(?![^.!?]{0,80}?(?:,|;|\bbut\b)[^.!?]{0,40}?\b(?:they|them)\s+(?:are|is|were)\s+(?:\w+\s+){0,3}?"
    rf"{_DEMEANING}\b)"
)
# What a denial takes back when said of a group ("X are not terrorists", 0.73 `identity_attack`
# before, "X are not a burden" 0.45).
_DENIED_VERDICT = (
    r"(?:disgusting|scum|vermin|trash|animals|inferior|evil|stupid|worthless|filth|dangerous|criminals"
    r"|parasites|savages|a\s+plague|a\s+disease|less|terrorists|rapists|thieves|murderers|monsters|rats"
    r"|cockroaches|pests|subhuman|lazy|mentally\s+ill|freaks|a\s+(?:burden|drain)|burdens|invaders"
    r"|a\s+cancer)"
)
NEGATED_HATE = re.compile(
    rf"\b(?:i|we|you|nobody|no\s+one)\s+(?:would\s+|will\s+|could\s+)?{_NEGATION}\s+(?:\w+\s+)?"
    rf"{_HATE_VERB}\b{_TAKEN_BACK}"
    # "I don't think X are vermin" negates hate; "I don't think X have any value" does not.
    rf"|\b(?:i|we|you|nobody|no\s+one)\s+(?:would\s+|will\s+|could\s+|have\s+|had\s+)?{_NEGATION}"
    rf"\s+(?:\w+\s+)?(?:say|says|said|think|thought|believe|believed|call|called|agree|claim|claimed"
    rf"|suggest|suggested|wrote|write)\b(?:\s+\S+){{0,6}}?\s+(?:{_DEMEANING}|{_HATE_VERB}|{_HARMFUL}|{_NO_WORSE})\b"
    # "Nobody here hates X": the negation is the subject.
    rf"|\b(?:nobody|no\s+one)\s+(?:\w+\s+)?(?:hates|hated|despises|dislikes|loathes|detests)\b"
    # "It's not true that X are lazy", "it is a myth that X are criminals".
    r"|\b(?:it|that)(?:'s|\s+is|\s+was)\s+(?:not|never|n't)\s+(?:true|the\s+case|fair|right|accurate)"
    r"\s+(?:to\s+say\s+)?that\b"
    r"|\b(?:it|that)(?:'s|\s+is|\s+was)\s+(?:a\s+)?(?:myth|lie|false|untrue)\s+that\b"
    # "Nobody should hate X", "no one should ever say 'I hate X'".
    rf"|\b(?:nobody|no\s+one|no\s+body)\s+(?:should|would|could|must|will|ought\s+to|has\s+the\s+right\s+to)"
    rf"\s+(?:ever\s+)?(?:{_HATE_VERB}|say|call|think|be\s+(?:hated|attacked|called|treated))\b"
    rf"|\b(?:are|is|were|was)\s+{_NEGATION}\s+(?:\w+\s+){{0,2}}?{_DENIED_VERDICT}\b"
    # "X are human beings, not a burden", "X are our neighbours and not terrorists".
    rf"|\b(?:are|were)\s+(?:\w+\s+){{0,3}}?\w+(?:\s*,\s*|\s+and\s+|\s+but\s+)not\s+{_DENIED_VERDICT}\b"
    # Mistreatment undeserved: "I don't think women deserve this treatment", "X don't deserve to be
    # treated like criminals" (0.48-0.54 `identity_attack` before; not "... like people").
    r"|\b(?:do\s*n'?t|does\s*n'?t|do\s+not|does\s+not|never)\s+(?:\w+\s+){0,4}?deserves?\s+(?:any\s+of\s+"
    r"|all\s+of\s+|all\s+)?(?:this|that|such|the|these|those)\s+(?:kind\s+of\s+|sort\s+of\s+)?(?:\w+\s+)?"
    r"(?:treatment|abuse|hate|hatred|harassment|discrimination|violence|racism|bigotry|contempt|insults"
    r"|threats|persecution|suspicion|stigma)\b"
    r"|\b(?:do\s*n'?t|does\s*n'?t|do\s+not|does\s+not|never)\s+(?:\w+\s+){0,4}?deserves?\s+to\s+be\s+"
    r"(?:treated\s+like\s+(?:criminals|animals|dirt|garbage|trash|terrorists|suspects|second[-\s]class)"
    r"|harassed|abused|attacked|hated|mocked|insulted|bullied|threatened|targeted|discriminated|vilified)\b"
    # "X are not a threat to this country", "are no danger to anyone".
    r"|\b(?:are|were)\s+(?:not|never|no)\s+(?:a\s+|any\s+)?(?:threat|menace|danger)\b"
    # "No one deserves this", "no child should be bullied"; not an exclusion: "No X is welcome
    # here", "No X is ever setting foot in my gym", "no X should be allowed in".
    r"|\bno\s+(?:\w+\s+)?(?:deserves?|should|is|are)\b(?!\s+(?:ever|welcome|allowed|permitted|wanted"
    r"|getting|setting|coming|going|worth|to\s+be\s+trusted|fit|good|better|smart|human|capable|safe"
    rf"|be\s+(?:trusted|welcome|hired)|be\s+{_LET_IN}"
    r"|clean|honest|decent|normal|equal|trustworthy)\b)",
)
# Counter-speech: hate quoted or referred to in order to condemn it.
_REPORTING = (
    r"(?:saying|say|says|said|calling|call|calls|claim|claims|claiming|statements?\s+like"
    r"|comments?\s+like|words\s+like|tweets?\s+like|posts?\s+like|think(?:ing|s)?\s+that"
    r"|believ(?:e|es|ing)\s+that|writ(?:e|es|ing)|wrote|tell(?:ing|s)?\s+\w+\s+that)"
)
_CONDEMN = (
    r"(?:wrong|hurtful|hateful|racist|sexist|bigoted|bigotry|homophobic|transphobic|unacceptable"
    r"|not\s+ok(?:ay)?|shameful|ignorant|disgrace\w*|appalling|horrible|awful|vile|abhorrent"
    r"|offensive|misguided|out\s+of\s+order|no\s+place|stop|should\s*n[o']?t|should\s+not"
    r"|(?:can|could)\s*n[o']?t\s+believe|how\s+can|why\s+would|sick\s+of|tired\s+of"
    r"|the\s+problem|bigot\w*|ashamed|embarrass\w*|lost\s+(?:all\s+)?respect"
    r"|condemn\w*|called\s+out|reported|hate\s+speech|shocking|dangerous\s+rhetoric|nonsense"
    r"|(?:a|an)\s+(?:\w+\s+){0,2}things?\s+to\s+(?:say|write|post)"
    r"|(?:not|never|n't)\s+(?:acceptable|ok(?:ay)?|alright|right|fine|fair|true)"
    r"|educate\s+(?:yourself|yourselves|themselves|himself|herself)|fought\s+against"
    r"|st(?:ood|and)\s+up\s+(?:to|against))"
)
_QUOTE = "[\"'\u201c\u201d\u2018\u2019]"
# "Calling X animals is disgusting", "The claim that X are a burden is cruel": the gerund (or the
# claim) is the subject that the judgement condemns (a word that would be hostile about X itself,
# so it counts only after "calling ... is").
_GERUND = re.compile(
    r"\b(?:calling|saying|labell?ing|claiming"
    r"|(?:the|your|his|her|their|this|that)\s+(?:claim|idea|notion|suggestion|myth|stereotype"
    r"|assumption|lie|comment|remark|view|belief|assertion|statement|argument|post|tweet|opinion)"
    r"\s+that)\b"
)
_GERUND_JUDGEMENT = re.compile(
    r"\b(?:is|was)\s+(?:so\s+|just\s+|really\s+|truly\s+|deeply\s+)?"
    r"(?:disgusting|gross|pathetic|sick|vile|ugly|evil|despicable|cruel|dehumani[sz]ing|unfair"
    r"|false|untrue|baseless|cowardly|a\s+lie|a\s+myth|wrong|racist|sexist|hateful|bigoted"
    r"|offensive|hurtful|ignorant|shameful|disgraceful|appalling|abhorrent|nonsense|rubbish)\b"
)
# Revulsion at a report of hate: "It's disgusting that someone called gay men disgusting here."
_REVULSION_AT_REPORT = re.compile(
    r"\b(?:it'?s|it\s+is|that'?s|that\s+is)\s+(?:so\s+|really\s+|just\s+)?(?:disgusting|sickening"
    r"|shameful|appalling|awful|horrible|outrageous)\s+(?:that|how)\s+(?:someone|somebody|people"
    r"|anyone|he|she|they|you)\s+(?:\w+\s+)?(?:called|call|calls|said|says|say|wrote|posted"
    r"|described|labell?ed)\b"
)
# Others who speak of a group, the subject of a report the writer takes against.
# People other than the writer, who may say or do what the writer reports.
_SPEAKERS = (
    r"people|folks|others|someone|somebody|they|you|he|she|racists|bigots|trolls|users|commenters"
)
_OTHERS = rf"(?:so\s+many\s+|many\s+|some\s+|most\s+|other\s+)?(?:{_SPEAKERS}|anyone|anybody)"
# Disliking that others say it: "I hate it when people say X are stupid." Only another's words
# ("when women say ..." makes the group the speaker, and the dislike may be of them).
_DISLIKED_REPORT = re.compile(
    r"\b(?:hate|despise|can'?t\s+stand|cannot\s+stand|dislike|detest)\s+(?:it\s+)?when\s+"
    rf"{_OTHERS}\s+(?:\w+\s+)?(?:say|says|call|calls|claim|claims|write|writes|post|posts"
    r"|tweet|tweets|suggest|suggests|describe|describes|refer\s+to|refers\s+to)\b"
)
# Told not to name a group so: "Don't ever call X freaks again.", "Never refer to X as animals."
# An order opening a sentence, and a group right after the verb: "don't call me back", "I don't
# say that" and "don't call me a <slur>" are no counter-speech.
_FORBIDDEN_NAMING = re.compile(
    r"(?:^|[.!?]\s+|\bplease\s+)(?:do\s+not|don'?t|never)\s+(?:you\s+)?(?:ever\s+)?(?:dare\s+)?"
    r"(?:call|refer\s+to|describe|label)\s+((?:\w+\s+){0,2}\w+)"
)
# Sadness at others' hate: "It makes me sad that so many people hate X."
_SADDENED_BY_HATE = re.compile(
    r"\b(?:sad|saddens?|saddening|heartbreaking|heartbroken|upsetting|depressing|tragic"
    r"|a\s+shame|a\s+pity|unfortunate)\s+(?:\w+\s+)?(?:that|how|when|to\s+see)\s+"
    rf"{_OTHERS}\s+(?:still\s+|continue\s+to\s+|keep\s+)?(?:hate|hates|despise|despises|treat"
    r"|treats|attack|attacks|abuse|abuses|mock|mocks|insult|insults|harass|harasses|bully|bullies"
    r"|discriminate|discriminates|look\s+down|looks\s+down|talk|talks|speak|speaks)\b"
)
# Hate named as an act ("to hate X", "hating X") and judged: "it is wrong to hate X".
_HATE_ACT = (
    r"(?:to\s+(?:\w+\s+)?(?:hate|attack|insult|mock|harass|abuse|bully|threaten|demean|dehumani[sz]e"
    r"|discriminate|vilify|stereotype|generali[sz]e)"
    r"|hating|attacking|insulting|mocking|harassing|abusing|bullying|threatening|demeaning"
    r"|dehumani[sz]ing|discriminating|vilifying|stereotyping|generali[sz]ing)"
)
_BEING_WRONGED = re.compile(
    # Weary of a group being wronged: "I'm tired of Muslims being blamed for everything.",
    # "I'm sick of seeing X mistreated."
    r"\b(?:sick|tired|weary)\s+of\s+(?:\w+\s+){0,3}?(?:being\s+)?(?:blamed|attacked|targeted|harassed"
    r"|abused|scapegoated|demoni[sz]ed|insulted|mocked|stereotyped|vilified|singled\s+out|mistreated"
    r"|persecuted|discriminated\s+against)\b"
)
# Someone wronged for who they are: "He was abused for being a Muslim, which is disgusting."
# Only a report ("was", "got", "are" before the act), never a wish ("should be attacked for").
_WRONGED_FOR_IDENTITY = re.compile(
    r"\b(?:was|were|is|are|got|gets|get|been|being)\s+(?:\w+\s+)?(?:abused|attacked|targeted"
    r"|harassed|beaten|insulted|bullied|threatened|mocked|fired|assaulted|murdered|killed|spat\s+on"
    r"|discriminated\s+against|singled\s+out)\s+(?:for|because\s+of)\s+(?:being|their|his|her)\b"
)
# A wrong done to a group, reported and judged as a wrong: "X are still targeted, and that is
# sickening", "It's shameful how X are treated" (0.54-0.74 `identity_attack` before, from the
# identity head, which reads "people are targeted ... sickening" as hate).
# Harm done to people, read the same way in every clause ("X are bullied", "the way X are bullied").
_HARMED = (
    r"(?:targeted|bullied|harassed|abused|attacked|mistreated|persecuted|exploited|underpaid"
    r"|paid\s+less|let\s+down|neglected|marginali[sz]ed|demoni[sz]ed|scapegoated|vilified"
    r"|stereotyped|profiled|mocked|insulted|threatened|beaten|assaulted|excluded|silenced|oppressed"
    r"|dehumani[sz]ed)"
)
_VICTIM_OF = (
    rf"(?:{_HARMED}|discriminated\s+against|spat\s+on|denied\s+(?:jobs|housing|service|care)"
    r"|treated\s+(?:so\s+|very\s+)?(?:badly|terribly|poorly|unfairly|horribly|appallingly|like\s+(?:dirt"
    r"|garbage|trash|criminals|animals|second[-\s]class)|as\s+second[-\s]class))"
)
_WRONG_JUDGED = (
    r"(?:sickening|disgusting|shameful|a\s+(?:disgrace|scandal|shame)|an\s+outrage|outrageous"
    r"|horrible|appalling|awful|terrible|wrong|unacceptable|pathetic|heartbreaking|infuriating"
    r"|criminal|vile|evil|despicable|sad|unjust|inhumane|cruel)"
)
_WRONG_CONDEMNED = re.compile(
    r"\b(?:are|were|is|was|been|being|get|gets|got)\s+(?:still\s+|often\s+|routinely\s+|constantly"
    rf"\s+|so\s+|being\s+)?{_VICTIM_OF}\b[\s,;:.-]*(?:\S+\s+){{0,8}}?(?:and\s+)?"
    r"(?:which|that|this|it)(?:'s|\s+is|\s+was|\s+'s)\s+(?:just\s+|so\s+|truly\s+|absolutely\s+|simply"
    rf"\s+)?{_WRONG_JUDGED}\b"
    rf"|\b(?:it'?s|it\s+is|it\s+was|this\s+is)\s+(?:just\s+|so\s+|truly\s+|absolutely\s+)?{_WRONG_JUDGED}"
    r"\s+(?:how|that|the\s+way)\s+(?:\S+\s+){0,4}?(?:are|were|get|got|have\s+been|keep\s+getting)"
    rf"\s+(?:still\s+|often\s+|being\s+|so\s+)?{_VICTIM_OF}\b"
)
_CONDEMNED_ACT = re.compile(rf"\b{_CONDEMN}\s+(?:\w+\s+)?{_HATE_ACT}\b")
_CONDEMN_WORD = re.compile(rf"\b{_CONDEMN}\b")
_REPORTING_WORD = re.compile(rf"\b{_REPORTING}\b")
# The same words as the writer's own framing, which reports no one: "I'd say X are a disgrace",
# "Say what you want, but ...", "Call me naive, but ..." (read as counter-speech before: a
# reporting word, then a condemning one, the group's own verdict).
_OTHERS_REPORTED_WORD = re.compile(
    rf"\b(?<!\bi\s)(?<!i'd\s)(?<!i'll\s)(?<!i'm\s)(?<!\bam\s)(?<!would\s)(?<!must\s)(?<!\bto\s){_REPORTING}\b"
    r"(?!\s+what\s+you\s+(?:want|will|like))(?!\s+me\b)"
)
_HATE_ACT_WORD = re.compile(rf"\b{_HATE_ACT}\b")
# Quotation marks, not apostrophes: "don't ... it's" is no quotation.
_QUOTE_PAIR = re.compile(rf"(?<!\w){_QUOTE}.{{3,}}?{_QUOTE}(?!\w)", re.DOTALL)
# Revulsion at words quoted: "Someone spray-painted 'X out' on the wall. Sickening." Only after
# a quotation: alone, "shocked" and "appalled" are everyday words, and "sickening" ends hate too.
_REVULSION = re.compile(r"\b(?:sickening|horrified|appalled|shocked|in\s+shock|disgusted\s+by)\b")
# Counter-speech is two things in order: a report of hate, then a judgement of it, or the other
# way round. Written as one regex ("A.*B|'.{3,}'.*B"), a comment full of quote marks took
# minutes: the engine retried every split of the text. Each pair is searched in two steps.
_IN_ORDER = (
    (_GERUND, _GERUND_JUDGEMENT),
    (_HATE_ACT_WORD, _CONDEMN_WORD),
    (_OTHERS_REPORTED_WORD, _CONDEMN_WORD),
    (_CONDEMN_WORD, _REPORTING_WORD),
    (_QUOTE_PAIR, _CONDEMN_WORD),
    (_QUOTE_PAIR, _REVULSION),
    (_CONDEMN_WORD, _QUOTE_PAIR),
)


def _in_order(first: re.Pattern[str], then: re.Pattern[str], text: str) -> bool:
    """Whether `first` matches and `then` matches after it (the earliest `first` leaves most)."""
    hit = first.search(text)
    return hit is not None and then.search(text, hit.end()) is not None


# Hate put in others' mouths: "anyone who says X are sick", "people who thought X were vermin".
# The writer keeps a distance from it, unless agreeing ("people who say ... are right") or
# hostile before it.
_ATTRIBUTED = re.compile(
    r"\b(?:anyone|anybody|people|those|someone|somebody|guys?|man|men|woman|women|person|folks"
    r"|racists|bigots|trolls|cowards)"
    r"\s+who\s+(?:(?:\w+\s+)?(?:say|says|said|think|thinks|thought|believe|believes|believed"
    r"|wrote|write|writes|claim|claims|claimed|tweeted|tweets|posted|posts)\b"
    # "people who call X animals", not "people who call themselves X" (self-description).
    r"|(?:call|calls|called|label|labels|labelled|labeled)\s+"
    r"(?!themselves\b|himself\b|herself\b|ourselves\b|myself\b|itself\b)"
    # "Racists who target X disgust me."
    r"|(?:target|targets|targeted|attack|attacks|attacked|harass|harasses|harassed|abuse|abuses"
    r"|abused|bully|bullies|bullied|threaten|threatens|threatened)\s+"
    # "Anyone who spreads hatred toward X should be banned."
    r"|(?:spread|spreads|spreading|preach|preaches|promote|promotes|incite|incites)\s+(?:\w+\s+)?"
    r"(?:hate|hatred|abuse|bigotry|racism|lies)\b)"
)
_AGREEMENT = re.compile(r"\b(?:agree|agreed|agrees|right|correct|true|truth|exactly|spot\s+on)\b")


def _names_group(words: str) -> bool:
    """Whether one of a few words is an identity term (slurs are not: "don't call me a ...")."""
    return any(group_word(word) in IDENTITY_TERMS for word in words.split())


def counter_speech(text: str) -> bool:
    """Hate quoted or referred to in order to condemn it; linear in the length of the text."""
    if _BEING_WRONGED.search(text) or _CONDEMNED_ACT.search(text):
        return True
    if _REVULSION_AT_REPORT.search(text):
        return True
    if _WRONGED_FOR_IDENTITY.search(text) or _WRONG_CONDEMNED.search(text):
        return True
    if _DISLIKED_REPORT.search(text) or _SADDENED_BY_HATE.search(text):
        return True
    if any(_names_group(m.group(1)) for m in _FORBIDDEN_NAMING.finditer(text)):
        return True
    if (found := _ATTRIBUTED.search(text)) and not _AGREEMENT.search(text):
        before = set(re.findall(r"[a-z]+", text[: found.start()]))
        if not before & (PROFANITY | SLURS | DEMEANING_WORDS):
            return True  # not after hate of the writer's own: "the only good X is ... anybody who"
    return any(_in_order(first, then, text) for first, then in _IN_ORDER)


# Harm that befalls someone: "will get hurt".
_GOT_HARM = r"get\s+(?:hurt|shot|killed|stabbed|beaten|lynched|burned|raped|murdered)"
# An intent to hurt: who will do it, the violent act, and someone it is aimed at.
THREAT = re.compile(
    r"\b(?:you|u|they|he|she)\s+(?:all\s+)?deserves?\s+to\s+die\b|"
    r"\b(?:i|i'll|ill|i'm|im|we|we'll|we're|gonna|going\s+to|will|should|must|ought\s+to|"
    r"deserve(?:s)?\s+to|need(?:s)?\s+to|wanna|want\s+to|let's|lets|i\s+would)\s+"
    r"(?:(?!not\b|never\b|no\b|n't\b)\w+\s+){0,3}?(?:kill|murder|shoot|stab|hang|lynch|behead|slaughter|strangle|"
    r"beat|punch|hurt|rape|burn|bomb|gas|exterminate|eradicate|execute|slit|choke|smash|"
    r"break|torture|put\s+a\s+bullet\s+(?:in|through)|be\s+(?:shot|killed|hanged|hung|lynched|"
    r"beaten|exterminated|executed|burned|raped|gassed|murdered|slaughtered|strung\s+up|put\s+down|"
    rf"run\s+over)|{_GOT_HARM})\b"
    r"(?:\s+(?:\w+\s+){0,2}?(?:you|u|him|her|them|all|every|those|these|your|ya|yourself|"
    r"their|this|that)\b)?",
)
# Orders to kill or hurt a group or a person: "kill all the ...", "hang them".
THREAT_ORDER = re.compile(
    r"(?:^|[.!?]\s*)(?:just\s+|let'?s\s+)?(?:kill|shoot|hang|lynch|burn|gas|exterminate|behead|stab|slaughter)"
    r"\s+(?:all|every|each|those|these|them|him|her|you)\b",
)
_TARGETS = word_set("you u him her them all every those these your ya yourself their die")
_PARTICLES = word_set("up down out off")
_PASSIVE_HARM = re.compile(r"\b(?:be|get)\s+\w+")
# Harm foretold rather than threatened: "Many Christians will be killed if the West does
# nothing", "Women will get hurt by these cuts". Genocidal verbs ("exterminated") stay threats.
_FORETOLD = re.compile(
    r"\b(?:will|'ll|going\s+to|gonna|might|may|could)\s+(?:\w+\s+)?(?:be|get)\s+(?:\w+\s+)?"
    r"(?:hurt|injured|harmed|shot|killed|stabbed|beaten|murdered|raped|run\s+over)\b"
)
# A group that a sentence describes, then wishes harm on: "Ahmadis are infidels and should be
# killed." (0.02 `threat` before; the subject stands too far from the verb for the window).
_DESCRIBED_THEN_HARMED = re.compile(
    r"(?:^|[.!?]\s+)(?:all\s+|the\s+|these\s+|those\s+)?([a-z']+)\s+(?:are|were|is)\s+[^.!?,]{1,60}?\s+and\s+$"
)
# A sentence that opens on "any", "every", "each" or "all": "Any X who ... will be shot".
_QUANTIFIED_SUBJECT = re.compile(r"(?:^|[.!?]\s+)(?:any|every|each|all)\s+[^.!?]*$")
# Violence wished on the subject of the sentence, whoever it is: "Landlords should all be shot.",
# "The mayor should be strung up." (0.01-0.02 `threat` before: no pronoun or group named it).
_WISHED_HARM = re.compile(
    r"(?:should|must|ought\s+to|needs?\s+to|deserves?\s+to)\s+(?:all\s+|just\s+|really\s+)?be\s+"
    r"(?:shot(?!\s+down)|hanged|lynched|strung\s+up|beaten|run\s+over|stabbed|murdered|gassed"
    r"|tortured|killed|executed|burned|burnt)\b"
)
_SENTENCE_SUBJECT = re.compile(r"(?:^|[.!?]\s+)((?:[a-z'-]+\s+){1,4})$")
# Subjects that are no one: "The bill should be killed.", "The plan should be executed."
_NO_ONE = word_set(
    "it this that bill bills plan plans project projects idea ideas proposal proposals deal law"
    " laws motion program programme policy order contract strategy scheme pipeline story file"
    " process engine fire rumour rumor myth budget tax"
)
# Threats without a verb of violence aimed at someone: intimidation, wishes of harm, urging
# self-harm. Each names its target ("you", "someone ... you") or is said to one.
_NOT_BEFORE = r"(?<!n't\s)(?<!dont\s)(?<!not\s)(?<!never\s)"
# A modal or an order that calls for an act: "someone should ...", "let's ...", "I'll ...".
_CALL = (
    r"(?:should|must|needs?\s+to|ought\s+to|has\s+to|have\s+to|let'?s|gonna|going\s+to|i'll|we'll"
    r"|i\s+will|we\s+will|wanna|want\s+to)"
)
THREAT_IMPLIED = re.compile(
    # One word-boundary test before every branch: the engine then tries the branches only where a
    # word starts (4.5 times faster on news comments than a boundary test in each branch).
    r"\b(?:"
    # "I know where you live." said as a sentence of its own, not "..., so I'll drop the book off".
    r"(?:i|we)\s+know\s+where\s+(?:you|u|he|she|they)\s+(?:live|lives|work|works|sleep|sleeps)\s*(?:[.!?]|$)"
    r"|watch\s+your\s+back\b|your\s+days\s+are\s+numbered\b"
    # "We know where your office is.", "... and see what happens to you", "he won't walk again".
    r"|(?:i|we)\s+know\s+where\s+your\s+(?:office|house|home|family|kids|children|wife|husband|mum|mother"
    r"|school)\s+(?:is|are|lives?|works?)\b"
    r"|see\s+what\s+happens\s+to\s+(?:you|him|her|them)\s*(?:[.!?,]|$)"
    r"|make\s+sure\s+(?:he|she|you|they)\s+(?:does\s*n'?t|do\s*n'?t|never|won'?t|will\s+never)\s+walk\s+again\b"
    r"|(?:he|she|you|they)(?:'ll|\s+will)\s+be\s+carried\s+out\b"
    # "We know where the X in this town meet." said as a sentence of its own.
    r"|(?:i|we)\s+know\s+where\s+(?:the|those|these|all\s+the)\s+\w+(?:\s+\w+){0,3}?\s+"
    r"(?:live|meet|pray|sleep|gather|hang\s+out)\s*(?:[.!?]|$)"
    r"|(?:we're|we\s+are|i'm|i\s+am)\s+coming\b[^.!?]{0,40}\bbring(?:ing)?\s+(?:\w+\s+)?"
    r"(?:bats|guns|knives|rope|ropes|weapons|petrol|torches|pitchforks|machetes)\b"
    r"|you(?:'ll|\s+will)\s+regret\s+(?:\w+ing\s+)?(?:this|it|that)\b"
    # "I'll come to your office and break your legs."
    r"|(?:i|we)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to|'d|\s+would)"
    r"\s+(?:\w+\s+){0,6}?break\s+(?:your|ur|his|her|their)\s+(?:\w+\s+)?"
    r"(?:legs?|necks?|arms?|jaws?|face|faces|bones|skulls?|knees?)\b"
    # "Next time I see those protesters I'm running them over."
    r"|(?:i'm|im|i\s+am|i'll|ill|i\s+will|we'll|we're|we\s+will|gonna|going\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:run|running)\s+(?:you|u|them|him|her|em|those|these)\s+(?:\w+\s+)?over\b"
    # "This MP should be dragged out and beaten."
    r"|(?:should|must|needs?\s+to|ought\s+to|deserves?\s+to)\s+be\s+(?:dragged|taken|hauled|pulled|tied"
    r"|strung|lined)\s+(?:\w+\s+){0,2}?and\s+"
    r"(?:beaten|shot|killed|hanged|hung|lynched|stabbed|tortured|executed|whipped|flogged)\b"
    r"|(?:i|we)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to)\s+(?:\w+\s+){0,8}?"
    r"make\s+(?:you|u|them|him|her|every\s+one\s+of\s+them)\s+pay\b"
    # Death promised on meeting: "If I see X on my street again, they're dead." (not "when he is
    # dead", "sleep when you are dead", nor a report: "They're dead, police said.")
    r"|(?:if|when|next\s+time)\s+(?:i|we)\s+(?:\w+\s+){0,2}?(?:see|catch|find|meet|spot)\b[^.!?]{0,50}?"
    r",\s*(?:then\s+)?\b(?:you're|ur|you\s+are|they're|they\s+are|he's|she's)\s+(?:so\s+|all\s+)?"
    r"dead(?:\s+meat)?\b"
    r"|take\s+up\s+arms\s+against\b"
    # Calls to violence with a modal or an order, whoever the target: "Somebody should set X on
    # fire", "Someone should torch their houses", "... run that reporter over", "... put that judge
    # in the ground", "People should start beating these landlords", "Go break his windows",
    # "Somebody should throw acid on her", "teach him a lesson with a bat" (0.00-0.06 `threat`).
    rf"|{_CALL}\s+(?:go\s+|just\s+|all\s+)?(?:"
    r"set\s+(?:\w+\s+){1,3}?(?:on\s+fire|alight|ablaze)|set\s+fire\s+to|torch\s+(?:\w+\s+){0,2}?"
    r"(?:them|him|her|you|their|his|your|the|those|these|that|this)\b"
    r"|run\s+(?:that|the|this|those|these|him|her|them|you)\s+(?:\w+\s+)?over\b(?!\s+(?:again|with|to|there|here))"
    r"|put\s+(?:him|her|them|you|(?:that|this|those|these)\s+\w+)\s+in\s+the\s+ground|throw\s+acid\s+(?:on|at|in)"
    r"|(?:start|keep|begin|go\s+on)\s+(?:beating|attacking|punching|shooting|stabbing|killing|hanging|burning|lynching)"
    r"\s+(?:up\s+)?(?:them|him|her|you|the|these|those|that|this|every|all|any)\b)"
    r"|(?:^|[.!?]\s*)(?:go\s+|let'?s\s+go\s+|let'?s\s+)(?:break|smash)\s+(?:his|her|their|your)\s+(?:\w+\s+)?"
    r"(?:windows?|legs?|necks?|faces?|cars?|teeth|bones|skulls?|jaws?|heads?)\b"
    r"|teach\s+(?:\w+\s+){1,3}?a\s+lesson\s+with\s+(?:a|an|my|the|some)\s+(?:\w+\s+)?(?:bat|bats|crowbar|knife"
    r"|gun|hammer|brick|fists?|belt|pipe)\b"
    # A reckoning the writer promises: "X will get what's coming to them, I'll make sure of it."
    r"|what'?s\s+coming\s+to\s+(?:them|you|u|him|her)\s*[,.;!-]*\s*(?:and\s+)?(?:i|we)(?:'ll|\s+will"
    r"|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to)\s+(?:make\s+sure|see\s+to\s+it)\b"
    # "Someone needs to teach X a lesson they won't forget." (not at the ballot box, in court or
    # on the pitch: "voters will teach them a lesson" is no threat, and has no such subject).
    r"|(?:someone|somebody|i|we)(?:'ll|'m\s+going\s+to|'re\s+going\s+to|\s+will|\s+am\s+going\s+to"
    r"|\s+are\s+going\s+to|\s+needs?\s+to|\s+should|\s+ought\s+to|\s+has\s+to|\s+have\s+to)\s+"
    r"teach\s+(?:\w+\s+){1,3}?a\s+lesson\s+(?:they|he|she|you)(?:'ll|\s+will)?\s*(?:never|won'?t|wont"
    r"|will\s+not)\s+forget\b(?![^.!?]*\b(?:ballot|polls|elections?|votes?|voters|court|game|match"
    r"|pitch|field|season|debate)\b)"
    # "We should round up X and shoot them": the target is beyond the verb's window.
    r"|(?:should|must|need\s+to|let'?s|we'll|we\s+will|i'll|i\s+will|gonna|going\s+to)\s+[^.!?]{0,40}?"
    r"\band\s+(?:shoot|kill|hang|burn|gas|stab|lynch|execute|slaughter)\s+(?:them|him|her|you|all)\b"
    # "Next time they show up, we'll be ready with baseball bats."
    r"|(?:we'll|we\s+will|i'll|i\s+will)\s+be\s+(?:ready|waiting)\s+(?:for\s+(?:them|you|him|her)\s+)?"
    r"with\s+(?:\w+\s+)?(?:bats|guns|knives|rope|ropes|weapons|petrol|torches|pitchforks|machetes|rifles)\b"
    r"|(?:won't|will\s+not|wont)\s+(?:leave|walk\s+out|get\s+out|go\s+home)\s+in\s+one\s+piece\b"
    r"|(?:lined|line\s+them|line\s+you)\s+up\s+against\s+(?:a|the)\s+wall\b"
    r"|deserves?\s+(?:a|to\s+get\s+a|to\s+get)\s+(?:good\s+)?(?:beating|bullet|kicking|thrashing|slap|punch)\b"
    r"|(?:hope|wish)\s+(?:that\s+)?(?:someone|somebody|they|he|she)\s+(?:\w+\s+)?"
    r"(?:runs?\s+(?:you|him|her|them)\s+over|kills?|shoots?|stabs?|beats?|rapes?|hurts?"
    # "Wish someone would plant a bomb at their rally."
    r"|plants?\s+a\s+bomb|blows?\s+(?:you|u|him|her|them)\s+up|burns?\s+(?:\w+\s+){1,2}?down"
    r"|(?:punch(?:es)?|hits?|slaps?|smacks?)\s+(?:you|u|him|her|them)\b)\b"
    r"|(?:hope|wish)\s+(?:that\s+)?(?:you|he|she|they)\s+(?:die|dies|get\s+(?:killed|shot|raped|hit|run\s+over|hurt)"
    r"|gets\s+(?:killed|shot|raped|hit|run\s+over|hurt)|(?:were|was)\s+dead)\b"
    rf"|{_NOT_BEFORE}(?:go\s+|just\s+|should\s+|please\s+)?(?:kill|hang|shoot)\s+(?:yourself|yourselves)\b"
    r"|kys\b"
    # Roman Urdu: "goli maar deni chahiye", "ghar jala denge", "nahi chhorenge",
    # "tangein tor dunga", "wajib-ul-qatl", "sar tan se juda".
    # Not "goli maro" (forget it) nor "batti jala do" (switch on the light).
    r"|goli\s+maa?r\s+(?:deni|dena|denge|dunga|di|do|dalo|daalo)\b|jala\s+(?:denge|dunga|dein?ge|dalo|daalo)\b"
    r"|(?:nahi|nahin)\s+chh?o?r(?:enge|unga|ain?ge)\b|t[ao]ng(?:ein|en|ain)\s+t[oa]o?r\s+(?:dunga|denge|do)\b"
    r"|qatl\s+kar\s+(?:denge|dunga|do|dena)\b|maa?r\s+(?:denge|dunga|daalo|dalo|dena)\b"
    r"|wajib[\s\-]?ul[\s\-]?qatl\b|sar\s+tan\s+se\s+juda\b"
    # A lynching pictured: "should be hanged from the lampposts".
    r"|hang(?:ed)?\s+(?:\w+\s+){0,2}?from\s+(?:the\s+)?(?:lamp\s*posts?|trees?|poles?|bridges?)\b"
    # A beating promised or wished: "I would beat the shit out of him", "someone should kick his
    # ass" (0.06 `threat` before: the target stood beyond the verb's window). Not a report ("the
    # police beat the hell out of him"), nor the team's ("we'll kick their ass on Sunday" is
    # sport: a person's pronoun only).
    rf"|{_NOT_BEFORE}(?:i|we|i'll|ill|we'll|i'd|we'd|i'm|im|i\s+am|we're|gonna|wanna|should|must|"
    r"someone\s+(?:needs?\s+to|has\s+to|ought\s+to))\s+(?:(?!not\b|never\b|no\b)\w+\s+){0,3}?"
    r"(?:(?:beat|kick|knock|smack|slap|punch)\s+the\s+(?:shit|crap|hell|snot|living\s+daylights|daylights"
    r"|stuffing|sh\*+|s\*+t|sh\*t)\s+out\s+of\s+(?:you|u|ya|him|her)"
    r"|kick\s+(?:your|ur|his|her)\s+(?:ass|arse|butt|a\*+)(?!\s+(?:at|in|on)\b))(?![\w*])"
    r")"
)


def _subject_is_someone(text: str, end: int) -> bool:
    """Whether the few words that open the sentence before `end` can name a person or people."""
    subject = _SENTENCE_SUBJECT.search(text, 0, end)
    return subject is not None and not set(subject.group(1).split()) & _NO_ONE


# A call on someone to hurt a person no list names: "Someone should punch that councillor in the
# mouth", "Somebody needs to strangle that referee" (0.00-0.04 `threat` before). Verbs that hurt
# whatever their object takes any person-like object; verbs with harmless senses ("kill this bill",
# "beat that team", "shoot that video") only with the harm spelled out: a body part, "senseless".
_CALLED_ON = rf"\b(?:{_CALL}|gotta|got\s+to)\s+(?:all\s+|just\s+|really\s+)?(?:go\s+(?:and\s+)?)?"
_OBJECT = (
    r"(?P<object>(?:him|her|them|you|em|the\s+lot\s+of\s+them|every\s+one\s+of\s+them"
    r"|(?:that|this|the|those|these|his|her|their|your|my|our)\s+(?:[\w']+\s+){0,2}?[\w']+))\b"
)
_HARM_SPELLED = (
    r"(?:\s+(?:\w+\s+){0,2}?(?:in|on)\s+the\s+(?:head|face|mouth|teeth|throat|gut|stomach|balls|neck|knees?)"
    r"|\s+(?:\w+\s+){0,2}?(?:head|face|skull|teeth|jaw|nose|legs?|arms?|knees?|ribs|neck)\s+in\b"
    r"|\s+(?:senseless|to\s+death|to\s+a\s+pulp|black\s+and\s+blue|unconscious|bloody)\b"
    r"|\s+until\s+(?:he|she|they|it)\s+(?:cries|cry|bleeds?|begs?|screams?|can'?t))"
)
CALLS_TO_VIOLENCE = (
    re.compile(
        rf"{_CALLED_ON}(?:punch|strangle|stab|knife|poison|drown|slap|behead|lynch|murder|torture|maim"
        rf"|bludgeon|pummel|batter|throttle|beat\s+up)\s+{_OBJECT}(?!\s+(?:on|onto|out|off|down|together)\b)"
    ),
    re.compile(
        rf"{_CALLED_ON}(?:kill|shoot|beat|kick|bash|hit|smash|break|hang|choke)\s+{_OBJECT}{_HARM_SPELLED}"
    ),
)
# Things, not people, as the object: "someone should poison the debate", "torture this metaphor";
# and sport: "we need to beat that team senseless on Saturday", "beat up the competition".
_NOT_A_PERSON = _NO_ONE | word_set(
    "well debate atmosphere mood discussion record records noise sound music track song metaphor"
    " language data numbers figures point argument joke ball game match team teams side club squad"
    " opposition competition rivals opponents"
)
# A call taken back: "Nobody should punch that referee", "no one needs to strangle anyone".
_CALL_DENIED = re.compile(r"\b(?:nobody|no\s+one|never|not|n't|noone)\b(?:\s+\w+){0,2}\s*$")


def _called_to_violence(text: str) -> bool:
    """A call on someone to hurt a person, not taken back, whose object is no thing."""
    for match in (m for pattern in CALLS_TO_VIOLENCE for m in pattern.finditer(text)):
        if _CALL_DENIED.search(text, max(0, match.start() - 40), match.start()):
            continue
        if match.group("object").split()[-1] not in _NOT_A_PERSON:  # its last word names it
            return True
    return False


def threat_at_someone(text: str) -> bool:
    """A threat whose words name who is to be hurt, or an order to hurt a group or person."""
    if THREAT_ORDER.search(text) or THREAT_IMPLIED.search(text) or _called_to_violence(text):
        return True
    for match in THREAT.finditer(text):
        before = text[: match.start()].split()[-1:]
        after = text[match.end() :].split()[:4]
        # "beat up the next X": a particle of the verb does not count against the window.
        after = after if after[:1] and after[0] in _PARTICLES else after[:3]
        # "the immigrants' shops": a possessive still names who is aimed at.
        around = [w.strip(".,!?;:'\u2019") for w in (*before, match.group().split()[-1], *after)]
        # A prediction aims only at the one spoken to ("you will get hurt") or at a quantified
        # subject (below), not at the group it names.
        if _FORETOLD.search(match.group()):
            by_us = [w.strip(".,!?;:") for w in after[:2]] in (["by", "me"], ["by", "us"])
            if by_us or any(w in SECOND_PERSON for w in before):
                return True
        elif any(w in _TARGETS or group_word(w) for w in around):
            return True
        if "deserve" in match.group() or "bullet" in match.group():
            return True  # "Cyclists like that deserve to be run over": the subject is the target
        if _PASSIVE_HARM.search(match.group()) and _QUANTIFIED_SUBJECT.search(
            text[: match.start()]
        ):
            return True  # "Any X who comes near me will get hurt": the subject is the target
        if _WISHED_HARM.match(text, match.start()) and _subject_is_someone(text, match.start()):
            return True  # "Politicians should be hanged.": the subject is the target
        described = _DESCRIBED_THEN_HARMED.search(text[: match.start()])
        if described and group_word(described.group(1)) and _PASSIVE_HARM.search(match.group()):
            return True
    return False


SECOND_PERSON = word_set("you u ur your youre you're yourself ya")


def _deletions(word: str) -> set[str]:
    """Every string made by deleting one letter of `word`."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _swaps(word: str) -> set[str]:
    """Every string made by swapping two neighbouring letters of `word`."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def _i_for_l(word: str) -> set[str]:
    """'1' in leetspeak reads as i or l: "mus1ims" folds to "musiims", meant "muslims"."""
    return {word[:i] + "l" + word[i + 1 :] for i, c in enumerate(word) if c == "i"}


_GROUP_WORDS = IDENTITY_TERMS | SLURS
# A space deleted to dodge filters glues a group to a common word ("gaypeople", "womenare")
# or a subject to a hostile verb ("ihate"), or the verb to its group ("hatewomen"); these pairs
# are split back into two words.
_GLUE_WORDS = word_set("people folks men are is were should must all the these those every")
_GLUED_SUBJECTS = word_set("i we")
_GLUED_VERBS = word_set("hate despise loathe detest")
_LEADING = _GLUE_WORDS | _GLUED_VERBS


# The longest token that can be such a glued pair, with one more common word in front.
_LONGEST_GLUED = 2 * max(map(len, _GLUE_WORDS)) + max(map(len, IDENTITY_TERMS))


@lru_cache(maxsize=65536)
def unglued(token: str) -> tuple[int, ...]:
    """Where a glued token splits ("gaypeople" -> (3,), "allgaypeople" -> (3, 6)); () if not."""
    if len(token) > _LONGEST_GLUED:
        return ()
    pair = _glued_pair(token)
    if pair:
        return (pair,)
    # One common word or hostile verb may lead the pair: "allgaypeople", "hategaypeople".
    for cut in range(1, len(token)):
        if token[:cut] in _LEADING and (rest := _glued_pair(token[cut:])):
            return (cut, cut + rest)
    return ()


def _glued_pair(token: str) -> int | None:
    """Where a token splits into a group and a common word, or "i" and a hostile verb."""
    for cut in range(1, len(token)):
        head, tail = token[:cut], token[cut:]
        if (
            (head in IDENTITY_TERMS and tail in _GLUE_WORDS)
            or (head in _GLUE_WORDS and tail in IDENTITY_TERMS)
            or (head in _GLUED_SUBJECTS and tail in _GLUED_VERBS)
            or (head in _GLUED_VERBS and tail in IDENTITY_TERMS)
        ):
            return cut
    return None


# Misspellings one letter away (a letter missing, added or swapped), for words long
# enough that such a neighbour is rarely another word: "Muslms", "Mulsims", "Jeewish".
_FUZZY_MIN = 5
# The identity terms matched loosely (not the peoples: their neighbours were never checked).
_LOOSE_TERMS = IDENTITY_TERMS - PEOPLES
_MISSING_LETTER = {d: w for w in _LOOSE_TERMS if len(w) > _FUZZY_MIN for d in _deletions(w)}
# Common words one letter from an identity term (found by running every word of BERT's
# vocabulary through `group_word`): "lacks" is not "blacks", "moron" not "mormon".
_NOT_FUZZY = word_set(
    "blocks clacks whites homes games woken indiana moron morons lacks backs trains roman latin"
    " aroma refuge christina blinds"
    # Countries are not their people: "Why is Pakistan not doing more?" criticises a state (it
    # scored 0.47 identity_attack as "pakistani"); a Pakistani or Indian paper names them in
    # every other comment.
    " india indias africa korea koreas pakistan syria somalia indus"
    # ... nor regions, and names and words one letter from the South Asian and other groups.
    " bangladesh bengal kashmir punjab sindh israel ahmad ismail shiva paris tails bengals"
)
# Short terms are too close to other words to match loosely; their common misspellings are listed.
_MISSPELT = {
    "gy": "gay",
    "jwes": "jews",
    "jws": "jews",
    "jewz": "jews",
    "joos": "jews",
    "mozlems": "moslems",
}
# Shorter terms lose a vowel too ("wmen", "blck"), where that leaves no common word or name.
_NAMES_AND_WORDS = word_set("asan asin sian hind slam whit arbs rabs ilam wite pars")
_VOWEL_DROPPED = {
    d: w
    for w in sorted(_LOOSE_TERMS, reverse=True)
    if len(w) == _FUZZY_MIN
    for d in {w[:i] + w[i + 1 :] for i, c in enumerate(w) if c in "aeiou"}
    if d not in _NAMES_AND_WORDS
}


@lru_cache(maxsize=1)
def _five_letter_deletions() -> dict[str, str]:
    """Five-letter terms with any inside letter missing ("blak", "woen"), unless that leaves
    an English word ("back", "tans") or a term's spelling is ambiguous."""
    from civility.ml.deobfuscate import is_english  # it reads these lists: imported late

    found: dict[str, set[str]] = {}
    for word in _LOOSE_TERMS:
        if len(word) == _FUZZY_MIN:
            for i in range(1, _FUZZY_MIN - 1):
                found.setdefault(word[:i] + word[i + 1 :], set()).add(word)
    return {
        d: next(iter(ws))
        for d, ws in found.items()
        if len(ws) == 1 and not is_english(d) and d not in _NAMES_AND_WORDS | _NOT_FUZZY
    }


# Long terms (8+ letters) also lose two letters ("imigrnts"), keeping their first two and
# their last; of the 565 such spellings only "dialed" is an English word (BERT's vocabulary).
_TWO_MISSING = {
    dd: w
    for w in sorted(_LOOSE_TERMS, reverse=True)
    if len(w) >= 8
    for d in _deletions(w)
    for dd in _deletions(d)
    if dd[:2] == w[:2] and dd[-1] == w[-1] and dd not in IDENTITY_TERMS | word_set("dialed")
}
# Digits read as letters anywhere in a group word, at its start too ("1mmigrants", "mus1ims").
_LEET_DIGITS = str.maketrans("013457", "oieast")


@lru_cache(maxsize=65536)
def group_word(token: str) -> str | None:
    """The identity term or slur a token spells, allowing one missing, extra or swapped letter."""
    if token in _GROUP_WORDS:
        return token
    if token in _VOWEL_DROPPED:
        return _VOWEL_DROPPED[token]
    if len(token) == _FUZZY_MIN - 1 and (word := _five_letter_deletions().get(token)):
        return word
    if token in _MISSPELT:
        return _MISSPELT[token]
    if token in _TWO_MISSING:
        return _TWO_MISSING[token]
    if not token.isalpha():
        letters = token.translate(_LEET_DIGITS)
        return group_word(letters) if letters.isalpha() else None
    if len(token) < _FUZZY_MIN or token in _NOT_FUZZY:
        return None
    # Only identity terms are matched loosely: a slur one letter from a common word
    # ("tyranny") would turn ordinary comments into attacks.
    if token in _MISSING_LETTER:
        return _MISSING_LETTER[token]
    near = (_deletions(token) | _swaps(token) | _i_for_l(token)) & _LOOSE_TERMS
    return min(near) if near else None


# What one member is called when every member is meant: "every X is a thief" (said of one X
# who was arrested, "the X suspect is a criminal" is news, so only after "every" / "each").
MEMBER_DEMEANED = word_set(
    """
    criminal rapist terrorist scammer fraudster pickpocket beggar sponger scrounger animal beast
    pig rat dog ape monkey cockroach roach idiot moron imbecile liar thief crook cheat pest leech
    parasite savage barbarian freeloader pervert predator pedophile paedophile groomer degenerate
    """
)
_MEMBER_DEMEANED = "(?:" + "|".join(sorted(MEMBER_DEMEANED, key=lambda w: (-len(w), w))) + ")"

# Demeaning predicates: said of a group named in the same sentence, they make an attack.
_DEROGATORY = (
    rf"(?:{_DEMEANING}"
    # "sick of" and "the worst affected" describe what happens to people, not what they are.
    r"|sick(?!\s+(?:of|and|with|from)\b)|worst(?!\s+(?:affected|hit|off|treated)\b)"
    # Mild words demean only as the whole verdict: "X are awful", not "X are a terrible blow".
    r"|(?:terrible|awful|horrible|nasty)(?=$|\s+(?:people|humans?|beings|creatures|persons)\b)"
    r"|a\s+joke|shit|crap|full\s+of\s+(?:shit|crap)"
    r"|a\s+(?:burden|threat|drain|waste)|mentally\s+ill"
    r"|worse\s+than|lower\s+than|not\s+human|less\s+than\s+human|should\s+(?:all\s+)?die"
    r"|(?:a\s+)?lower\s+(?:form\s+of\s+life|life\s*forms?)"
    r"|(?:should|must|need\s+to|needs\s+to|ought\s+to|deserve\s+to)\s+(?:all\s+)?be\s+(?:\w+\s+)?"
    r"(?:killed|shot|hanged|hung|deported|banned|locked\s+up|removed|exterminated|wiped\s+out|destroyed"
    r"|thrown\s+(?:off|out|into|in)|crushed"
    r"|eradicated|eliminated|gassed|put\s+down|sterili[sz]ed|kicked\s+out|lynched|burned|executed"
    r"|expelled|exiled|segregated|enslaved|interned|rounded\s+up|kept\s+(?:out|away)|excluded|barred"
    # Caged like animals: "X should be kept in cages" (0.31-0.40 before).
    r"|(?:kept|locked|put|held)\s+in\s+(?:cages?|zoos?|chains|pens?|kennels?))"
    # Tolerated, not entitled: "X should be grateful we let them live here" (0.37 before).
    r"|(?:should|must|ought\s+to|need\s+to)\s+be\s+(?:grateful|thankful)\s+(?:that\s+)?(?:we|i|anyone|this\s+country)"
    r"\s+(?:even\s+)?(?:let|lets|allow|allows|tolerate|tolerates)\s+(?:them|_id_)\b"
    r"|(?:don'?t|do\s+not)\s+(?:really\s+|even\s+|truly\s+)?belong|go\s+back|get\s+out"
    r"|can'?t\s+(?:really\s+|ever\s+)?be\s+trusted"
    r"|belong\s+in\s+(?:a|the)\s+(?:zoo|cage|gutter|trash|bin|sewer|jail|prison|kitchen)"
    r"|(?:should|must|can)\s+(?:go|stay|be\s+sent)\s+(?:back\s+)?(?:to\s+)?where\s+(?:they|_id_)\s+came\s+from"
    r"|(?:not|never|barely|hardly)\s+(?:\w+\s+)?(?:worth\s+anything|welcome|any\s+good|good\s+enough"
    r"|to\s+be\s+trusted|trustworthy|equal\s+to\s+us|capable|intelligent|smart|human|honest|decent"
    r"|civili[sz]ed|normal|loyal|(?:our\s+)?equals\b|equal\s+to\s+(?:us|men|anyone|everyone|the\s+rest)"
    r"|real\s+(?:men|women|people|_id_))"
    # "... they deserve what they get"
    r"|deserve\s+(?:everything\s+|whatever\s+)?(?:what\s+)?_id_\s+(?:get|gets|got)\b"
    # "... deserve what happened to them"
    r"|deserve\s+(?:everything\s+|whatever\s+|all\s+)?(?:that\s+|what\s+)?(?:happened|happens|is\s+coming)\s+to\s+_id_\b"
    r"|(?:should|must)\s*(?:n'?t|\s+not|\s+never)\s+be\s+allowed|should\s+be\s+dumped"
    # Rights denied: "X shouldn't have rights", "X should have no rights".
    r"|(?:should|must)\s*(?:n'?t|\s+not|\s+never)\s+(?:have|get|be\s+given)\s+(?:any\s+|the\s+same\s+"
    r"|equal\s+|basic\s+|human\s+)?rights|should\s+(?:have|get)\s+no\s+rights"
    r"|only\s+good\s+for|deserve\s+(?:a\s+bullet|a\s+beating|death|to\s+(?:die|suffer|hang|burn|rot))|(?:do\s*n'?t|do\s+not|never)\s+(?:really\s+|even\s+|truly\s+)?deserve\s+(?:to\s+(?:live|exist|be\s+here)"
    r"|(?:any\s+|our\s+|the\s+same\s+|basic\s+|human\s+|equal\s+)?(?:rights|respect|anything|kindness|dignity"
    r"|compassion|sympathy|mercy))"
    r"|(?:have|has)\s+no\s+(?:value|worth|morals|brains?)"
    # "X shouldn't be treated as equals", "don't deserve to be treated like people".
    r"|(?:should\s*n'?t|should\s+not|must\s+not|do\s*n'?t\s+deserve\s+to|do\s+not\s+deserve\s+to)\s+be"
    r"\s+treated\s+(?:as|like)\s+(?:our\s+)?(?:equals?|humans?|people|human\s+beings)\b"
    r"|disgust\s+(?:me|us)|sicken\s+(?:me|us)|stink\w*|reek\w*|breed\s+like"
    r"|fill\s+me\s+with\s+(?:rage|disgust|hatred|hate|anger)|makes?\s+my\s+skin\s+crawl"
    r"|(?:should|must|need\s+to|have\s+to)\s+know\s+their\s+place|(?:can|should)\s+go\s+fuck\s+themselves"
    r"|smells?\s+(?:so\s+|really\s+)?(?:bad|awful|horrible|terrible|disgusting|like\s+(?:shit|crap))"
    r"|make\s+me\s+(?:(?:want\s+to\s+)?(?:sick|puke|vomit|throw\s+up|spew))|never\s+be\s+as\s+(?:smart|good|clever|civili[sz]ed)"
    r"|never\s+be\s+trusted|ruin\w*|destroy\w*|infest\w*|invad\w*"
    r"|(?:have\s+|has\s+)?never\s+(?:done|contributed|contribute|achieved|created|built|given)\s+anything"
    # Worth nothing to the rest: "X don't add anything", "X bring nothing but trouble".
    r"|(?:do\s*n'?t|do\s+not)\s+(?:add|contribute)\s+anything|(?:add|contribute)\s+nothing"
    r"|bring\s+nothing\s+but\s+(?:trouble|crime|problems|misery|disease|violence|chaos|filth))"
)
_HOSTILE_VERB = (
    r"(?:hate|despise|loathe|detest|can'?t\s+stand|cannot\s+stand|kill|murder|exterminate|fuck|screw"
    r"|wipe\s+out|get\s+rid\s+of|gas|lynch|deport|eradicate|shoot|hang|burn|stab|torture|slaughter"
    r"|hunt\s+down|hate\s+more\s+than)"
)
_GROUP = r"_id_"
# A word between a verb and its verdict that is no denial ("is never justified" is one).
_NOT_DENIED = r"(?!not\b|never\b|no\b|hardly\b|rarely\b|nowhere\b)"
_ARRIVED = (
    r"(?:showed\s+up|arrived|came|moved\s+in|took\s+over|turned\s+up|got\s+here"
    r"|started\s+(?:showing\s+up|arriving|coming|moving\s+in))"
)
# Words that may stand between "are" and the predicate without changing who is described.
_FILLER = (
    r"(?:(?:all|so|just|such|really|very|too|truly|simply|a|an|the|most|nothing|but|complete|total"
    r"|totally|fucking|filthy|disgusting|bunch|of|like|basically|literally|always|still"
    # "X are just naturally stupid", "they are clearly a plague".
    r"|naturally|inherently|genetically|innately|biologically|clearly|obviously|honestly|frankly|born"
    r"|usually|generally|mostly|often|pretty|quite|incredibly|extremely|utterly|absolutely)\s+)"
)
_PEOPLE = r"(?:\s+(?:people|folks|men|guys|persons|person|man|woman|kind))?"
# Members of a group named by what they do, not who they are: "Muslim terrorists are scum" is
# said of terrorists ("the Muslims in this town are scum" is said of Muslims).
_BY_DEED = (
    r"(?:terrorists?|extremists?|radicals?|fanatics?|militants?|jihadists?|islamists?|rioters?|gangs?"
    r"|gangsters?|criminals?|mobs?|thugs?|killers?|murderers?|rapists?|smugglers?|traffickers?)"
)
DEROGATION = re.compile(
    # One word-boundary test before every branch, as in THREAT_IMPLIED: every branch starts a word,
    # and the engine then tries the branches only where one starts.
    r"\b(?:"
    rf"{_GROUP}(?!\s+{_BY_DEED}\b)(?:\s+\w+){{0,4}}?\s+(?:are|is|were|r|being|seem|look)\s+{_FILLER}{{0,3}}"
    rf"{_DEROGATORY}\b"
    rf"|{_HOSTILE_VERB}\s+(?:all\s+|the\s+|those\s+|these\s+|every\s+|any\s+|some\s+|a\s+|an\s+)?(?:next\s+)?"
    rf"(?:(?:fucking|filthy|dirty|damn|damned|stupid|bloody)\s+)?{_GROUP}"
    rf"|never\s+trust\s+(?:a\s+|an\s+|any\s+|the\s+)?(?:single\s+)?{_GROUP}"
    # The speaker's own contempt, a refusal to be near a group, blaming a group for decline.
    rf"|\bi\s+(?:\w+\s+){{0,2}}?(?:feel|have)\s+(?:nothing\s+but\s+|only\s+)?(?:contempt|hatred|hate|disgust)"
    rf"\s+for\s+(?:all\s+)?(?:the\s+)?{_GROUP}"
    rf"|(?:never|would\s*n'?t|won'?t|will\s+not|would\s+not)\s+(?:sit|stand|live|work|eat|share\s+a\s+\w+)"
    rf"\s+(?:next\s+to|near|beside|with)\s+(?:a\s+|an\s+|any\s+)?{_GROUP}"
    rf"|(?:fine|better|safe|great|good|nice|decent|quiet|peaceful|clean|lovely)\s+(?:until|before)\s+"
    rf"(?:the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}\s+{_ARRIVED}"
    # "Funny how crime went up right after the X moved in."
    rf"|\b(?:crime|violence|rapes?|robber(?:y|ies)|thefts?|trouble|drugs|problems)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:went\s+up|rose|increased|soared|spiked|exploded|started|began)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:after|since|when|once)\s+(?:the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}\s+{_ARRIVED}"
    rf"|shut\s+(?:the\s+fuck\s+)?up\s+(?:you\s+)?{_GROUP}"
    rf"|\b(?:i|we|i'?ll|we'?ll|i'?m|we'?re|going\s+to|gonna)\s+(?:\w+\s+){{0,3}}?(?:attack|destroy|set\s+fire\s+to|burn\s+down)"
    rf"\s+(?:\w+\s+){{0,3}}?{_GROUP}|make\s+(?:all\s+|the\s+)?{_GROUP}{_PEOPLE}\s+pay"
    # Rhetorical questions: "who would ever trust X?", "how can anyone like X?"
    rf"|(?:who|how\s+can|how\s+could)\s+(?:anyone\s+|anybody\s+|you\s+)?(?:would\s+|could\s+)?(?:ever\s+)?"
    rf"(?:trust|like|love|respect|stand|tolerate)\s+(?:a\s+|an\s+|any\s+|the\s+)?{_GROUP}"
    # What a group is said to do by habit: "X always lie", "(X come here and) they steal".
    rf"|{_GROUP}{_PEOPLE}\s+(?:always\s+|only\s+|just\s+|all\s+)?(?:lie|steal|cheat|scrounge|leech|mooch)\b"
    rf"|\b(?:never|do\s*n'?t|do\s+not)\s+(?:hire|employ|rent\s+to|date|marry|vote\s+for|serve)\s+"
    rf"(?:a\s+|an\s+|any\s+)?{_GROUP}"
    rf"|(?:would\s*n'?t|would\s+not|do\s*n'?t|do\s+not)\s+want\s+(?:any\s+)?{_GROUP}{_PEOPLE}\s+"
    rf"(?:living|near|around|moving|teaching|in\s+my|on\s+my|as\s+my)"
    # Weariness of a group, said by the speaker: "I'm so sick of X" (not "of X being blamed").
    rf"|\b(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+(?:so\s+|really\s+|just\s+|fucking\s+)?"
    rf"(?:sick|tired|sick\s+and\s+tired)\s+of\s+(?:all\s+)?(?:the\s+|these\s+|those\s+)?{_GROUP}{_PEOPLE}(?!\s+being)\b"
    rf"|never\s+let\s+(?:a\s+|an\s+|any\s+)?{_GROUP}{_PEOPLE}\s+(?:near|around|into|touch)\b"
    rf"|{_HOSTILE_VERB}\s+(?:every|each|all|any)\s+(?:single\s+)?(?:one\s+)?of\s+(?:the\s+|those\s+|these\s+)?{_GROUP}"
    # A positive statement negated, ending the sentence: "I don't respect women."
    rf"|\b(?:i|we)\s+(?:do\s*n'?t|do\s+not|never|can'?t|cannot)\s+(?:respect|trust|like|value)\s+"
    rf"(?:any\s+|the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}(?:\s+at\s+all)?$"
    rf"|{_GROUP}{_PEOPLE}\s+lives\s+(?:do\s*n'?t|do\s+not)\s+matter"
    rf"|{_GROUP}{_PEOPLE}\s+(?:(?:all\s+|(?:should|must|need\s+to|have\s+to)\s+(?:all\s+)?|will\s+|can\s+)"
    rf"{_DEROGATORY}|(?!{_BY_DEED}\b){_DEROGATORY})\b"
    # Expulsion demanded, not reported ("the government plans to send refugees back"): "Send the
    # lot of them back", "Time to send them home", "Clean every X out of Hillbrow".
    rf"|(?:^|\b(?:must|should|need\s+to|have\s+to|got\s+to|ought\s+to|time\s+to|let'?s|lets|just|please"
    rf"|we\s+will|we'?ll)\s+)(?:send|ship|kick|throw|push|pack|chase|drive|clean|clear)\s+(?:every\s+(?:single\s+|last\s+)?"
    rf"(?:one\s+of\s+)?|all\s+(?:of\s+)?|the\s+lot\s+of\s+)?(?:the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}"
    rf"\s+(?:\w+\s+)?(?:back|home|out|packing)\b"
    rf"|\b(?:are|is|were|aren'?t|isn'?t)\s+(?:all\s+)?(?:the\s+)?{_GROUP}{_PEOPLE}\s+{_FILLER}{{0,3}}{_DEROGATORY}\b"
    # Wishing a group dead or gone: "it would be great if all X died".
    rf"|(?:better|great|good|nice|best|glad|happy|wonderful)\s+(?:off\s+)?(?:\w+\s+){{0,2}}?if\s+"
    rf"(?:all\s+)?(?:the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}\s+(?:all\s+)?(?:(?:were|was)\s+(?:all\s+)?"
    rf"(?:dead|gone|killed|wiped\s+out|attacked|beaten(?:\s+up)?|hurt|shot|burned|lynched|punished)|died|disappeared"
    rf"|vanished|(?:would\s+)?(?:just\s+)?(?:die|disappear|vanish))"
    rf"|better\s+(?:off\s+)?without\s+(?:any\s+|all\s+|the\s+|those\s+|these\s+)?{_GROUP}"
    rf"|nothing\s+(?:is\s+)?(?:\w+\s+)?worse\s+than\s+(?:the\s+|those\s+)?{_GROUP}"
    rf"|rather\s+(?:die|be\s+dead|kill\s+myself)\s+than\b.*{_GROUP}"
    # An order ("keep X away from our schools"), not a report ("men keep women out of jobs").
    rf"|(?:^|\b(?:must|should|to|let'?s|lets|just|please)\s+)keep\s+(?:all\s+|the\s+|those\s+|these\s+)?"
    rf"{_GROUP}{_PEOPLE}\s+(?:away|out)\b"
    rf"|make\s+sure\s+(?:that\s+)?(?:all\s+|the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}\s+(?:all\s+)?"
    rf"(?:suffer|die|bleed|burn)"
    rf"|\bno\s+{_GROUP}{_PEOPLE}\s+(?:can|could|should|will)\s+(?:ever\s+)?be\s+trusted"
    rf"|(?:do\s*n'?t|do\s+not)\s+think\s+(?:any\s+)?{_GROUP}{_PEOPLE}\s+(?:have|has|are|is)\s+(?:any\s+|of\s+any\s+)?"
    rf"(?:value|worth|use|good|morals|brains?|intelligen\w+|human)"
    rf"|\b(?:filthy|stupid|dumb|disgusting|worthless|pathetic|subhuman|dirty|lazy|smelly|useless|vile"
    rf"|fucking|fuckin|goddamn|damn|damned|bloody)\s+{_GROUP}"
    rf"|\bno\s+{_GROUP}{_PEOPLE}\s+(?:\w+\s+){{0,3}}?worth\s+(?:respecting|trusting|anything|saving|listening\s+to)"
    rf"|put\s+(?:all\s+|the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}\s+(?:back\s+)?in\s+their\s+place"
    # Sickened by the sight of one: "Every time I see a X on my street I feel sick."
    rf"|(?:see|seeing|look\s+at|think\s+(?:of|about)|being\s+(?:around|near|with))\s+"
    rf"(?:a\s+|an\s+|any\s+|the\s+|those\s+|these\s+)?"
    rf"{_GROUP}{_PEOPLE}\s+(?:\w+\s+){{0,4}}?(?:i\s+)?(?:feel|get|am)\s+(?:so\s+|physically\s+|really\s+)?"
    rf"(?:sick|nauseous|disgusted|ill|dirty|unclean|filthy)\b"
    # Camps ordered: "Put X in camps", "Time to lock the X up in camps" (not a report: "Greece
    # sends refugees to camps on the islands").
    rf"|(?:^|\b(?:must|should|need\s+to|have\s+to|time\s+to|let'?s|lets|just|please|we\s+will|we'?ll)\s+)"
    rf"(?:put|lock|throw|round)\s+(?:all\s+|the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}\s+(?:up\s+)?"
    rf"(?:in|into)\s+(?:concentration\s+|internment\s+|labou?r\s+|death\s+|detention\s+)?camps\b"
    # Decline blamed on a group's arrival: "the neighbourhood went downhill the moment X moved in".
    rf"|\b(?:went\s+downhill|went\s+to\s+(?:hell|shit|pot|the\s+dogs)|(?:got|gone|went)\s+(?:so\s+much\s+)?worse"
    rf"|fell\s+apart|started\s+(?:to\s+)?(?:decline|rot|go\s+downhill))\s+(?:\w+\s+){{0,2}}?"
    rf"(?:after|since|when|once|the\s+moment|the\s+minute|the\s+day|as\s+soon\s+as)\s+"
    rf"(?:the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}\s+{_ARRIVED}"
    # A group blamed for fear or decline: "X are why I don't feel safe at night", "X are the
    # reason this country is falling apart" (not "X are the reason the festival worked").
    rf"|{_GROUP}{_PEOPLE}\s+(?:are|is)\s+(?:(?:the\s+)?(?:only\s+|main\s+|real\s+|whole\s+)?reason\s+"
    rf"(?:why\s+|that\s+)?|why\s+)(?:\w+\s+){{0,5}}?(?:(?:do\s*n'?t|do\s+not|can'?t|cannot|no\s+longer)"
    rf"\s+feel\s+safe|(?:is|are)\s+(?:\w+\s+)?falling\s+apart|(?:is|are)\s+going\s+(?:downhill|to\s+"
    rf"(?:hell|shit|pot|the\s+dogs))|(?:is|are|has\s+become|became)\s+(?:so\s+)?(?:unsafe|a\s+mess"
    rf"|ruined|broken|a\s+shithole))"
    # Fewer of a group wished for: "things were better when there were fewer X", "the fewer X the
    # better" (not "fewer barriers for X").
    rf"|\b(?:better|safer|nicer|cleaner|quieter|happier)\s+(?:\w+\s+){{0,4}}?(?:with|when\s+there"
    rf"\s+(?:were|was|are|is)|if\s+there\s+(?:were|was))\s+(?:far\s+|a\s+lot\s+|much\s+)?(?:fewer|less|no)"
    rf"\s+(?:of\s+)?(?:the\s+|those\s+|these\s+)?{_GROUP}"
    rf"|\bthe\s+(?:fewer|less)\s+(?:of\s+)?(?:the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}\s+"
    rf"(?:\w+\s+){{0,3}}?the\s+better"
    # Violence endorsed: "violence against X is justified", "Hurting X is the right thing to do",
    # "I support killing X" (not reported: "police said the violence against X was ...").
    rf"|\b(?:violence|attacks?|force|aggression)\s+(?:\w+\s+)?against\s+(?:the\s+|all\s+|those\s+|these\s+)?"
    rf"{_GROUP}{_PEOPLE}\s+(?:is|are|was|would\s+be)\s+(?:{_NOT_DENIED}\w+\s+)?(?:justified|justifiable|fine|okay|ok|acceptable"
    rf"|necessary|needed|deserved|warranted|right|good)\b"
    # The gerund opens the sentence or the writer's view: "that assaulting girls is OK" reports one,
    # "black killing black is ok but ..." argues about another's.
    rf"|(?:^|\b(?:i\s+think|i\s+believe|honestly|frankly|personally|seriously)\s+)"
    rf"(?:hurting|harming|attacking|assaulting|beating(?:\s+up)?|bashing|punching|killing|shooting|stabbing"
    rf"|burning|lynching|hanging)\s+(?:the\s+|all\s+|those\s+|these\s+|some\s+)?{_GROUP}{_PEOPLE}\s+"
    rf"(?:is|was|would\s+be)\s+(?:{_NOT_DENIED}\w+\s+){{0,2}}?(?:the\s+right\s+thing|right|fine|okay|ok|good|great|justified"
    rf"|acceptable|necessary|what\s+(?:this|our|the)\s+(?:country|world|town|city|nation)\s+needs)\b"
    rf"|\b(?:i|we|i'm|im|we're|i'd|we'd)\s+(?:fully\s+|totally\s+|really\s+|all\s+|would\s+)?(?:support|endorse|back"
    rf"|approve\s+of|for|in\s+favou?r\s+of|cheer\s+on|applaud)\s+(?:the\s+)?(?:killing|attacking|hurting|beating"
    rf"(?:\s+up)?|shooting|stabbing|burning|lynching|hanging|gassing|exterminating|bombing)\s+(?:of\s+)?"
    rf"(?:all\s+|the\s+)?{_GROUP}"
    # Every trouble traced to a group: "every problem in this city started with X".
    rf"|\b(?:every\s+|all\s+(?:the\s+|our\s+|of\s+our\s+)?|most\s+of\s+(?:the|our)\s+)problems?\s+(?:\w+\s+){{0,4}}?"
    rf"(?:started|starts|start|began|begins|begin|comes?|came)\s+(?:with|from)\s+(?:the\s+|those\s+|these\s+)?{_GROUP}"
    # Leaving rather than living beside a group: "I'd move house if X moved in next door".
    rf"|\b(?:i'?d|i\s+would|we'?d|we\s+would)\s+(?:\w+\s+)?(?:move|leave|sell\s+(?:up|my\s+house|our\s+house))"
    rf"\s+(?:\w+\s+)?(?:if|when|the\s+day)\s+(?:a\s+|an\s+|any\s+|some\s+|the\s+)?{_GROUP}{_PEOPLE}\s+"
    rf"(?:\w+\s+)?(?:moved|move|moves)\s+in"
    # Theft implied by presence: "whenever X are around, things go missing".
    rf"|\b(?:whenever|when|every\s+time|wherever)\s+(?:the\s+|those\s+|these\s+|some\s+)?{_GROUP}{_PEOPLE}\s+"
    rf"(?:are|is|come|show\s+up)\s+(?:around|near|here|by)?\s*,?\s*(?:\w+\s+){{0,3}}?(?:go(?:es)?\s+missing"
    rf"|gets?\s+stolen|disappears?)\b"
    # A place said to hold too many of a group: "This town has too many X now" (not "too many X
    # die in childbirth", news of a harm).
    rf"|\b(?:this|our|my)\s+(?:town|country|city|neighbou?rhood|street|area|village|suburb|island)\s+"
    rf"(?:has|have|'s\s+got|has\s+got)\s+(?:far\s+|way\s+|just\s+)?too\s+many\s+{_GROUP}"
    # A group's arrival said to show: "You can always tell when X have moved into a neighbourhood."
    rf"|\b(?:you|i|one)\s+(?:can|could)\s+(?:always\s+)?tell\s+when\s+(?:the\s+|a\s+|an\s+|some\s+)?"
    rf"{_GROUP}{_PEOPLE}\s+(?:have\s+|has\s+|had\s+)?(?:moved|move|moves|arrived|arrive|been)\b"
    # Having a group near is a risk: "Hiring X is asking for trouble", "letting X in is a mistake".
    rf"|\b(?:hiring|employing|trusting|renting\s+to|letting\s+in|admitting|dating|marrying|electing"
    rf"|accepting)\s+(?:a\s+|an\s+|any\s+|more\s+)?{_GROUP}{_PEOPLE}\s+(?:\w+\s+)?(?:is|was|will\s+be)"
    rf"\s+(?:just\s+|always\s+)?(?:asking\s+for\s+trouble|a\s+(?:huge\s+|big\s+)?(?:mistake|bad\s+idea"
    rf"|disaster|recipe\s+for\s+disaster)|never\s+a\s+good\s+idea)"
    # "The sight of X fills me with disgust", "the thought of X makes me sick".
    rf"|\b(?:sight|thought|presence|smell|sound)\s+of\s+(?:a\s+|an\s+|any\s+|the\s+|those\s+|these\s+)?"
    rf"{_GROUP}{_PEOPLE}\s+(?:\w+\s+){{0,2}}?(?:fills?|makes?|turns?)\s+(?:me|us)\s+(?:with\s+)?(?:\w+\s+)?"
    rf"(?:disgust|sick|nauseous|rage|hatred|ill|stomach)"
    rf"|\bno\s+{_GROUP}{_PEOPLE}\s+(?:has|have)\s+ever\s+(?:done|contributed|achieved|created|built|given"
    rf"|invented|produced|accomplished)\s+anything"
    # Guarding one's things at the sight of a group: "when I see X I lock my car".
    rf"|\b(?:see|seeing|pass|passing)\s+(?:a\s+|an\s+|any\s+|the\s+|those\s+|these\s+|some\s+)?{_GROUP}{_PEOPLE}"
    rf"\s+(?:\w+\s+){{0,6}}?(?:lock|locked|clutch|clutching|hold|holding|grab|hide|check)\s+(?:\w+\s+){{0,3}}?"
    rf"(?:car|cars|door|doors|purse|bag|handbag|wallet|valuables)\b"
    rf"|\bcross\s+(?:to\s+)?the\s+(?:street|road)\s+(?:\w+\s+){{0,2}}?(?:when|whenever|if)\s+(?:i\s+)?"
    rf"(?:see|pass|spot)\s+(?:a\s+|an\s+|any\s+|some\s+)?{_GROUP}"
    # Exclusion: "No X is welcome here", "no X is ever setting foot in my gym"; "Death to X".
    rf"|\bno\s+{_GROUP}{_PEOPLE}\s+(?:is|are|will|should|shall)\s+(?:ever\s+)?(?:be\s+)?(?:ever\s+)?"
    rf"(?:welcome|wanted|set\s+foot|setting\s+foot|getting\s+in|coming\s+in"
    # Allowed in, not "allowed to suffer like this".
    rf"|{_LET_IN})"
    rf"|\bdeath\s+to\s+(?:all\s+)?(?:the\s+|those\s+|these\s+)?{_GROUP}"
    # The trope of secret control: "X control the banks and the media".
    rf"|{_GROUP}{_PEOPLE}\s+(?:secretly\s+|really\s+|basically\s+)?(?:control|controls|run|runs|own|owns)\s+"
    rf"(?:all\s+)?(?:the\s+|our\s+)?(?:banks|media|world|hollywood|financial\s+system)"
    rf"(?=$|\s+(?:and|that|so|which|because|too|now|today)\b)"
    # People as things, said now ("women are nothing but property"; not "women were property",
    # nor what someone else thinks: "he treats women like they are objects").
    rf"|(?<!like\s)(?<!if\s)(?<!though\s){_GROUP}{_PEOPLE}\s+(?:are|is)\s+(?:just\s+|only\s+|merely\s+|nothing\s+but\s+)?(?:property|objects"
    rf"|possessions|breeding\s+machines)\b"
    # The trope that trans women are men in disguise.
    rf"|{_GROUP}\s+(?:are|is)\s+(?:just\s+|only\s+|really\s+|nothing\s+but\s+)?(?:men|a\s+man|blokes|guys)\s+in\s+"
    rf"(?:dresses|a\s+dress|wigs|a\s+wig|makeup|skirts|drag)\b"
    # The sneer under crime news: "Let me guess: a X was behind it."
    rf"|\blet\s+me\s+guess\s+(?:it\s+was\s+)?(?:a\s+|an\s+|the\s+|another\s+)?{_GROUP}"
    # Every member, one by one: "Every X in this country is a scammer" (not "not every X is").
    rf"|(?<!not\s)\b(?:every|each)\s+(?:single\s+|last\s+)?(?:one\s+of\s+(?:the\s+|those\s+|these\s+)?)?"
    rf"{_GROUP}(?!\s+{_BY_DEED}\b){_PEOPLE}\s+(?:\w+\s+){{0,4}}?(?:is|was|'s|\u2019s)\s+{_FILLER}{{0,3}}"
    rf"(?:{_MEMBER_DEMEANED}|{_DEROGATORY})\b"
    # A vice in the blood: "crime is in their DNA", "X, it's in their blood to steal" (not
    # "music is in their blood").
    rf"|{_GROUP}{_PEOPLE}\s+(?:\w+\s+){{0,8}}?(?:violence|crime|criminality|stealing|theft|lying|cheating"
    rf"|deceit|terror|terrorism|hatred|savagery|laziness|corruption)(?:\s+is)?\s+in\s+their\s+"
    rf"(?:blood|dna|genes|nature)"
    rf"|{_GROUP}{_PEOPLE}\s+(?:\w+\s+){{0,8}}?(?:it'?s|it\u2019s|it\s+is)\s+in\s+their\s+(?:blood|dna|genes"
    rf"|nature)\s+to\s+(?:steal|lie|cheat|kill|rape|scam|murder|rob|hate|beg|breed|fight)"
    # The denial raised to the writer's belief: "I don't think X deserve any rights" says "X don't
    # deserve rights" (0.40 `identity_attack` before); not "... deserve this treatment".
    rf"|\b(?:i|we)\s+(?:do\s*n'?t|do\s+not)\s+(?:really\s+|honestly\s+)?(?:think|believe|feel"
    rf"|reckon|accept)\s+(?:that\s+)?(?:the\s+|those\s+|these\s+)?{_GROUP}{_PEOPLE}\s+(?:should\s+|really\s+"
    rf"|even\s+|truly\s+)?(?:(?:deserve|have|get|be\s+given)\s+(?:any\s+|the\s+same\s+|equal\s+|basic\s+|human\s+)?"
    rf"(?:rights|respect|dignity|a\s+voice|a\s+say|citizenship|equal\s+treatment)\b"
    rf"|deserve\s+to\s+(?:live|exist|be\s+here)\b|belong\s+(?:here|in\s+this\s+country|among\s+us)\b"
    rf"|be\s+(?:allowed|permitted)\s+to\s+(?:vote|live|stay|work|marry|exist)\b"
    rf"|(?:are|is)\s+(?:fully\s+|really\s+)?(?:human|people|our\s+equals|equal\s+to\s+us)\s*(?:[.!?]|$))"
    # Sent to "their own" country or kind: "X should stay in their own countries" (0.31 before).
    rf"|{_GROUP}{_PEOPLE}\s+(?:should|must|need\s+to|ought\s+to|have\s+to|belong)\s+(?:all\s+|just\s+)?"
    rf"(?:stay|go\s+back|return|go\s+home|remain|be\s+sent\s+back|be\s+kept)?\s*(?:in|to|with)\s+"
    rf"their\s+own\s+(?:countr(?:y|ies)|lands?|homelands?|kind|people)\b(?!\s+(?:if|when|until|unless|while)\b)"
    # Prison as the expected end of a group, said as a verdict (not "..., given police bias"):
    # "It's no surprise that X end up in prison." (0.45 before).
    rf"|(?:no\s+surprise|no\s+wonder|of\s+course|unsurprisingly|naturally|typical)\s*,?\s+(?:that\s+)?"
    rf"(?:so\s+many\s+|all\s+|most\s+|the\s+)?{_GROUP}{_PEOPLE}\s+(?:always\s+|all\s+)?"
    rf"(?:end\s+up|ends\s+up|ended\s+up|wind\s+up|are|belong)\s+(?:in|behind)\s+(?:prison|jail|bars)\s*(?:[.!?]|$)"
    # Success put down to lowered standards: "Of course the X got the job, standards don't
    # matter anymore." (0.28 before).
    rf"|{_GROUP}{_PEOPLE}\s+(?:got|get|gets|were\s+given|was\s+given|are\s+given)\s+(?:the\s+|that\s+|a\s+)?"
    rf"(?:job|promotion|position|post|role|place|spot|seat)\b[^.!?]{{0,30}}?\bstandards\s+(?:do\s*n'?t|does\s*n'?t"
    rf"|no\s+longer|clearly\s+do\s*n'?t)\s+(?:\w+\s+)?matter"
    r")",
)
# Deportation or prison for the members of a group who break the law is a policy view, not an
# attack on the group: "Immigrants who commit crimes should be deported", "Illegal immigrants
# should be deported", "... deport Muslims who overstayed their visas" (all 0.80 before).
_SANCTION = re.compile(
    r"\b(?:deport\w*|jail\w*|locked\s+up|lock\s+up|imprison\w*|prosecuted|punished|sent\s+back"
    r"|kicked\s+out|removed|expelled)\b"
)
_OFFENCE = (
    r"(?:commit|commits|committed|break|breaks|broke|overstay\w*|violate\w*|enter\w*\s+illegally"
    r"|(?:are|is|were|was|get|got|have\s+been|has\s+been)\s+(?:\w+\s+)?(?:convicted|here\s+illegally))"
)
LAWBREAKERS = re.compile(
    rf"\b(?:illegal|undocumented)\s+{_GROUP}"
    rf"|{_GROUP}{_PEOPLE}\s+(?:who|that)\s+(?:\w+\s+){{0,2}}?{_OFFENCE}\b"
    rf"|\bif\s+(?:they|{_GROUP})\s+(?:\w+\s+){{0,2}}?{_OFFENCE}\b"
    rf"|{_GROUP}{_PEOPLE}\s+(?:convicted\s+of|with\s+(?:a\s+)?criminal\s+records?"
    rf"|without\s+(?:a\s+)?(?:valid\s+)?(?:visas?|papers|permits?))"
)


# "There's no reason X should not be treated as equals": the claim is denied before it starts.
_DENIED_BEFORE = re.compile(r"\bno\s+(?:reason|excuse|way)\s+(?:why\s+|that\s+)?$")


# Someone else's words, or a claim named as one, just before the demeaning clause: "people online
# say X are disgusting", "the lie that X are criminals". The writer's stance is not in the clause,
# so the rule stays out and the models judge the sentence; "I think X are ..." is the writer's
# own, and so is a report the writer agrees with ("they say X are lazy, and it's true").
_REPORTED_BEFORE = re.compile(
    # Not the group's own words: "gay people think they are special but they are filth".
    rf"\b(?:(?<!{_GROUP}\s)(?:{_SPEAKERS}|guys"
    r"|posts?|tweets?|comments?|jokes?|signs?|memes?|articles?|videos?|uncle"
    r"|dad|father|boss|neighbou?r)\s+(?:\w+\s+){0,3}?(?:say|says|said|saying|claim|claims"
    r"|claimed|think|thinks|thought|believe|believes|believed|wrote|write|writes|post|posts|posted"
    r"|tweet|tweets|tweeted|call|calls|called|insist|insists|insisted|suggest|suggests|suggested"
    r"|argue|argues|argued|shout|shouts|shouted|yell|yells|yelled|chant|chants|chanted)"
    r"|the\s+(?:lie|myth|idea|notion|claim|stereotype|assumption|trope|narrative|belief)"
    r"|(?:repeating|spreading|pushing|peddling)\s+(?:the\s+)?(?:lie|myth|idea|notion|claim"
    r"|stereotype|trope|narrative))"
    # Right before the clause: a report early in a long post does not cover all that follows.
    r"\s+(?:that\s+)?(?:\w+\s+){0,2}$"
)


# The group as the subject of a clause saying what it undergoes, within the subject of the verdict:
# "the hate Muslims get online is disgusting", "the way refugees are treated here is shameful"
# judge the treatment, not the group (0.80 `identity_attack` before). Not a list of the group's
# deeds ("X get benefits and are lazy"): no conjunction before the verdict.
# What a group may undergo: the harms above, and what is merely done to it ("given", "called").
_WRONGED = (
    rf"(?:{_HARMED}|treated|subjected|shown|given|put\s+through|called|spoken\s+to|talked\s+about"
    r"|portrayed|described|denied|refused|killed|murdered|stopped|searched|arrested|jailed|detained"
    r"|deported|discriminated|ignored|failed|blamed|turned\s+away|left\s+behind|forgotten|abandoned)"
)
_UNDERGOES = re.compile(
    rf"{_GROUP}(?:\s+{_GROUP})*{_PEOPLE}\s+(?:(?:still|often|routinely|regularly|constantly|always|now"
    r"|sometimes|all|have\s+to|had\s+to|must)\s+)?(?:(?:get|gets|got|getting|receive|received"
    r"|receiving|face|faced|facing|suffer|suffered|suffering|endure|endured|enduring|experience"
    r"|experienced|go\s+through|went\s+through|put\s+up\s+with|deal\s+with|dealt\s+with"
    rf"|(?:are|were|have\s+been|get|got)\s+(?:still\s+|often\s+|being\s+|so\s+)?{_WRONGED})\b"
    r"(?:(?!\b(?:and|but|or|so|then|yet)\b).)*?\s(?:is|are|was|were)\s"
    # A wrong done to them, then judged as a whole: "X are paid less, which is a disgrace".
    rf"|(?:are|were|have\s+been|get|got)\s+(?:still\s+|often\s+|being\s+|so\s+)?{_WRONGED}\b"
    r".*?\b(?:which|that|this|it)\s+(?:is|was)\s)"
)
# The group as the object of what is judged: "how we treat X is a disgrace", "the lies told about
# X are disgusting", "hate against X is vile".
_OBJECT_BEFORE = re.compile(
    r"\b(?:about|against|towards?|(?:mis)?treat(?:s|ed|ing)?)\s+(?:the\s+|these\s+|those\s+|our\s+"
    r"|all\s+)?$"
)
_VERDICT_VERB = re.compile(
    r"\s(?:is|are|was|were|seem|seems|look|looks|should|must|ought|needs?|deserves?|can|will|would)\s"
)
# A hostile verb read as a noun: "all the hate they get", "such hate towards X" (no one is hated
# by the writer).
_AS_NOUN_BEFORE = re.compile(r"\b(?:the|this|such|their|his|its|our|your|any)\s+$")
_HOSTILE_START = re.compile(rf"{_HOSTILE_VERB}\b")


def _not_of_the_group(sentence: str, match: re.Match[str]) -> bool:
    """Whether a demeaning match judges what is done to the group, or reads a noun as a verb."""
    said = match.group()
    before = sentence[max(0, match.start() - 20) : match.start()]
    if said.startswith(_GROUP):
        if _UNDERGOES.match(said) is not None:
            return True
        # A verdict with a verb of its own, not a name ("hate against X is vile", "... should be
        # banned", not "X trash").
        return _OBJECT_BEFORE.search(before) is not None and _VERDICT_VERB.search(said) is not None
    return _HOSTILE_START.match(said) is not None and _AS_NOUN_BEFORE.search(before) is not None


# How far before a demeaning clause a denial or a report is looked for: both patterns end where the
# clause begins and span a few words, and a search from the sentence's start for every clause of a
# long run-on post took time quadratic in its length.
_REACH_BEFORE = 200


def derogates(sentence: str, *, reported: bool = False) -> bool:
    """DEROGATION in one sentence (identity terms masked), unless it only sanctions lawbreakers.

    Others' words the writer does not agree with count only when `reported` is set.
    """
    lawbreakers = LAWBREAKERS.search(sentence) is not None
    agreed = reported or _AGREEMENT.search(sentence) is not None
    return any(
        not (lawbreakers and _SANCTION.search(m.group()))
        and not _not_of_the_group(sentence, m)
        and not _DENIED_BEFORE.search(sentence, max(0, m.start() - _REACH_BEFORE), m.start())
        and (
            agreed
            or not _REPORTED_BEFORE.search(sentence, max(0, m.start() - _REACH_BEFORE), m.start())
        )
        for m in DEROGATION.finditer(sentence)
    )
