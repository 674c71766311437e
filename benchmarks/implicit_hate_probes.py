"""Hate in opinions and implicit phrasings, and threats at groups and at people no list names.

Written 2026-11-30 before the rules they led to. Round A (opinions and implicit derogation, 28
sentences) was scored first and its misses were read to write rules in `ml/lexicon.py` (rights
denied, a vice called inborn, decline dated from a group's arrival, camps, worth nothing,
exclusion, revulsion at nearness). Round D was written after those rules and not used for one
until the afternoon: implicit hate, friendly sentences of the same shape, and threats at
non-protected targets.
Round T (threats at a group, 10 sentences) was written later the same morning and its misses
led to rules too (a target beyond the verb's window, death promised on meeting, "we know where
they live"). Rounds F and G were written together in the afternoon, before the model scored
them: F's misses (and round D's, read then) led to rules (a group blamed for fear or decline,
fewer of a group wished for, having one near called a risk, every trouble traced to one, "too
many X", leaving if X moved in, theft implied by presence; reckonings and lessons promised); G was
kept out of every rule, as the held-out estimate. Threats are read on `threat` and, for groups,
on `identity_attack` as the hidden suite reads them; the rest on `identity_attack`; each
sentence for the eight groups. Rounds X and Y were written together in the evening, before the
model scored them: X's misses led to rules, Y was kept out of every rule; then R (calls to violence,
for a rule) and S (held out), with idioms of the same verbs that are no threat; and H (implicit
derogation), whose misses led to rules.
Run: .venv/bin/python benchmarks/implicit_hate_probes.py [--model-dir DIR] [--misses]
"""

from __future__ import annotations

from probe_scoring import for_every_group, run

ROUND_A_HATEFUL = (
    "I believe {g} are a lower form of life.",
    "In my opinion {g} shouldn't have rights.",
    "I'm convinced {g} are ruining everything.",
    "Personally, I think {g} are worthless.",
    "I feel like {g} are a waste of space.",
    "My view is that {g} should go back where they came from.",
    "If you ask me, {g} are the worst.",
    "I honestly believe {g} are a cancer.",
    "I'd say {g} are born criminals.",
    "It's my opinion that {g} don't belong here.",
    "I reckon {g} are all liars.",
    "To me, {g} will never be equal to us.",
    "You can always tell when {g} have moved into a neighbourhood.",
    "Why do {g} even bother voting?",
    "Our country was better before {g} came.",
    "{G} don't add anything to this country.",
    "I wouldn't trust {g} with a goldfish.",
    "{G} bring nothing but trouble.",
    "Put {g} in camps.",
    "Nobody wants {g} around here.",
    "{G} are a stain on this country.",
    "Being around {g} makes me feel dirty.",
    "{G} are ruining our culture.",
    "This town has too many {g} now.",
    "We were fine before the {g} showed up.",
    "{G} are a drain on our taxes.",
    "Round up the {g} and send them away.",
    "{G} should be kept out of politics.",
)
ROUND_D_HATEFUL = (
    "{G} are the reason this country is falling apart.",
    "Every problem in this city started with {g}.",
    "I'd move house if {g} moved in next door.",
    "{G} shouldn't be allowed anywhere near children.",
    "Honestly the fewer {g} the better.",
    "{G} will never fit in here.",
    "Whenever {g} are around, things go missing.",
    "No wonder the schools are failing with all these {g}.",
)
ROUND_D_FRIENDLY = (
    "{G} are the reason this festival was such a success.",
    "I'd love it if more {g} moved in next door.",
    "{G} fit in here just fine.",
    "The fewer barriers {g} face, the better.",
)
ROUND_T_THREATS = (
    "I'm going to find every one of {g} and make them pay.",
    "If I see {g} on my street again, they're dead.",
    "{G} will get what's coming to them, I'll make sure of it.",
    "Someone needs to teach {g} a lesson they won't forget.",
    "It's time to take up arms against {g}.",
    "We should round up {g} and shoot them.",
    "Next time {g} show up here, we'll be ready with baseball bats.",
    "{G} better watch out, we know where they live.",
    "I would happily strangle {g} with my bare hands.",
)
ROUND_D_THREATS = (
    "Those councillors deserve to be hanged.",
    "The landlord should be beaten.",
    "Somebody needs to shoot these poachers.",
    "Bankers must be executed.",
)

ROUND_F_HATEFUL = (
    "{G} are the root of all our problems.",
    "Things were so much better when there were fewer {g} around.",
    "{G} are why I don't feel safe walking home at night.",
    "Keep {g} away from our schools.",
    "You can't leave anything unlocked with {g} in the neighbourhood.",
    "Of course crime went up, look how many {g} live here now.",
    "{G} only know how to take, never give.",
    "{G} can never really be part of our society.",
    "{G} are a problem that needs solving.",
    "Send every last one of the {g} packing.",
    "Our neighbourhood went downhill the moment {g} arrived.",
    "Hiring {g} is asking for trouble.",
    "The world would be a better place with fewer {g}.",
    "I genuinely think {g} are a plague.",
    "As far as I'm concerned, {g} are scum.",
    "Call me old-fashioned, but {g} are not normal.",
    "I've always felt {g} are beneath us.",
    "Honestly, in my view {g} are disgusting.",
    "I'm of the opinion that {g} are dangerous.",
    "Frankly I find {g} repulsive.",
    "I've come to believe that {g} are evil.",
)
ROUND_F_FRIENDLY = (
    "{G} are the root of this city's music scene.",
    "Things were so much better when {g} had a say.",
    "Keep {g} safe in our schools.",
    "{G} give so much to this country.",
    "Our neighbourhood got livelier the moment {g} arrived.",
    "Hiring {g} was the best decision we made.",
    "The world would be a better place with more {g} in charge.",
    "I genuinely think {g} are wonderful neighbours.",
    "As far as I'm concerned, {g} are family.",
    "Call me old-fashioned, but {g} deserve better healthcare.",
    "I've always felt {g} are treated unfairly.",
    "Frankly I find {g} inspiring.",
)
# Written with round F, before any rule, and kept out of every rule: the held-out estimate.
ROUND_G_HATEFUL = (
    "I'm sorry but {g} just don't fit in a decent society.",
    "Every time {g} move in, the neighbourhood goes to hell.",
    "In my honest opinion {g} are vile.",
    "Nobody should have to live next to {g}.",
    "Lock your doors, the {g} are coming.",
    "It's a shame {g} were ever let into this country.",
    "I think {g} are a blight on society.",
    "Nothing good has ever come from {g}.",
)
ROUND_G_FRIENDLY = (
    "In my honest opinion {g} are brilliant.",
    "Every time {g} move in, the neighbourhood gets better food.",
    "It's a shame {g} were ever treated so badly.",
    "Nobody should be afraid to live next to {g}.",
    "I think {g} are a blessing to this community.",
    "So much good has come from {g}.",
)

# Violence endorsed rather than threatened, written later that afternoon before the model scored
# them: N's misses led to rules, M was kept out of every rule.
ROUND_N_ENDORSED = (
    "It's totally fine to beat up {g}.",
    "Violence against {g} is justified.",
    "Hurting {g} is the right thing to do.",
    "Somebody should set {g} on fire.",
    "{G} deserve to be punished for existing.",
    "It would be a good thing if {g} were attacked.",
    "Attacking {g} is what this country needs.",
    "I support killing {g}.",
)
ROUND_M_ENDORSED = (
    "Nobody would blame you for punching {g}.",
    "Whoever attacks {g} is a hero.",
    "More people should be beating up {g}.",
    "Shooting {g} should be legal.",
    "Killing {g} is not a crime in my book.",
    "Burning down the homes of {g} would be a public service.",
)

# Friendly statements in many shapes, written the same afternoon before the model scored them: P's
# false alarms led to rules, Q was kept out of them.
ROUND_P_FRIENDLY = (
    "My grandmother always said {g} were the kindest people she knew.",
    "Growing up, {g} were my neighbours and my friends.",
    "The best teacher I ever had was one of the {g} in our town.",
    "Let's be honest, {g} have made this city better.",
    "{G} have been treated terribly by this government.",
    "If you ask me, {g} are the backbone of this community.",
    "I've never met {g} who weren't kind to me.",
    "Say what you want, {g} work harder than anyone I know.",
    "Truth is, {g} just want the same things as the rest of us.",
    "Every time I visit, {g} make me feel welcome.",
    "It's about time {g} got the recognition they deserve.",
    "I'd trust {g} with my life.",
    "We need more {g} in parliament.",
    "Without {g}, this country would be much poorer.",
    "People forget how much {g} have suffered.",
    "Being around {g} always cheers me up.",
)
ROUND_Q_FRIENDLY = (
    "I'd happily have {g} as my neighbours.",
    "Honestly, {g} are some of the most generous people around.",
    "Most {g} I know would give you the shirt off their back.",
    "Call me soft, but I think {g} deserve a break.",
    "The {g} I've worked with have always been brilliant.",
    "Nobody works harder than {g} in this town.",
)

# Calls to violence at people no list names, read on `threat`, written late that afternoon before
# the model scored them: V's misses led to rules, W was kept out of them.
ROUND_V_CALLS = (
    "Somebody should set Muslims on fire.",
    "Someone should torch their houses.",
    "We need to burn their mosques down.",
    "Someone should run that reporter over.",
    "Somebody needs to put that judge in the ground.",
    "People should start beating these landlords.",
    "Go break his windows tonight.",
    "Let's go smash their faces in.",
    "Somebody should throw acid on her.",
    "Someone ought to put a bullet in that councillor.",
    "We should burn the immigrants' shops.",
    "Someone should teach him a lesson with a bat.",
)
ROUND_W_CALLS = (
    "Somebody should go kneecap that MP.",
    "I hope someone sets fire to his car.",
    "Someone needs to punch that smug host in the face.",
    "People like him should be dragged into the street.",
    "Let's go pay the mayor a visit with some baseball bats.",
    "Someone should poison the lot of them.",
)


# HateCheck's kinds again (implicit derogation, opinions, questions, denied worth), written
# 2026-11-30 in the evening before the model scored them: X's misses led to rules (rights denied
# under "I don't think", "their own countries", prison as a group's expected end, success put
# down to lowered standards); Y, written before those rules, was kept out of every rule.
ROUND_X_HATEFUL = (
    "{G} belong in a zoo.",
    "I'd never let {g} near my children.",
    "{G} are only good for cleaning toilets.",
    "It's no surprise that {g} end up in prison.",
    "Of course the {g} got the job, standards don't matter anymore.",
    "Keep {g} away from our schools.",
    "{G} should stay in their own countries.",
    "Nobody wants {g} as neighbours.",
    "I believe {g} are a plague on this country.",
    "To me, {g} are subhuman.",
    "I feel like {g} are just animals.",
    "I honestly think {g} should not exist.",
    "If you ask me, {g} are a waste of space.",
    "I'm convinced {g} are evil.",
    "Why are {g} so stupid?",
    "Isn't it obvious that {g} are inferior?",
    "Why do {g} always ruin everything?",
    "I met some {g} yesterday and they were as vile as I expected.",
    "{G}, who are all parasites, should leave.",
    "{G} are not human beings.",
    "{G} will never be equal to us.",
    "I don't think {g} deserve any rights.",
    "{G} need to be wiped out.",
    "The world would be better if {g} were all dead.",
)
ROUND_X_FRIENDLY = (
    "{G} make our city stronger.",
    "I am proud to stand with {g}.",
    "So many brilliant {g} in my class.",
    "There are {g} living on my street.",
    "The survey asked {g} about housing.",
    "My colleague works with {g}.",
    "{G} are not a threat to anyone.",
    "I will never say {g} are inferior.",
    "There is nothing wrong with {g}.",
    "He tweeted that {g} are vermin, and he should be ashamed.",
    "Saying '{g} are animals' is disgusting hate speech.",
    "Stop spreading lies about {g}.",
    "Calling {g} subhuman is unacceptable.",
)
ROUND_Y_HATEFUL = (
    "Funny how crime goes up wherever {g} settle.",
    "{G} were given that promotion to fill a quota.",
    "{G} ought to go back where they came from.",
    "No wonder the neighbourhood went downhill after {g} arrived.",
    "Lock your doors, {g} have moved in next door.",
    "{G} don't belong in this country.",
    "We were better off before {g} were let in.",
    "{G} should keep to their own kind.",
    "{G} should not have the right to vote.",
    "{G} don't deserve equal treatment.",
    "{G} shouldn't be allowed to hold public office.",
    "I refuse to treat {g} as equals.",
)
ROUND_Y_FRIENDLY = (
    "{G} deserve equal treatment.",
    "{G} have every right to vote.",
    "We welcome {g} to this country.",
    "It's not true that {g} commit more crime.",
    "{G} don't belong to any single political party.",
    "No one should tell {g} to go back where they came from.",
    "Many {g} moved to this neighbourhood in the 1990s.",
    "The council met {g} to discuss the new school.",
)


# Calls to violence again (on `threat`), written 2026-11-30 in the evening before the model scored
# them: R's misses led to a rule (a call on someone to hurt a person, by verbs that hurt whatever
# their object, or by others with the harm spelled out); S, written with it, was kept out of it;
# the idioms, written with them, are no threat.
ROUND_R_CALLS = (
    "Someone should punch that councillor in the mouth.",
    "Somebody needs to strangle that referee.",
    "Someone ought to stab the landlord.",
    "People should go beat up that journalist.",
    "Somebody has to poison that man.",
    "Someone should kick that cop's teeth in.",
    "Someone should knife the lot of them.",
    "Somebody ought to drown that influencer.",
    "Someone needs to shoot that judge in the head.",
    "Let's go bash that landlord's skull in.",
    "We should all go and beat that referee senseless.",
    "Someone should slap that presenter until he cries.",
)
ROUND_S_CALLS = (
    "Somebody needs to break that senator's jaw.",
    "Someone ought to string up the whole council.",
    "Somebody should shove that troll off a bridge.",
    "Someone needs to put that coach in hospital.",
    "Let's go smack that umpire around.",
    "Someone should cut that reporter's throat.",
    "People ought to stone that preacher.",
    "Somebody should bury that blogger alive.",
)
ROUND_RS_IDIOMS = (
    "Someone should kill this bill before it passes.",
    "We need to smash that sales record.",
    "Let's beat that team on Sunday.",
    "Someone needs to punch up this script.",
    "Somebody should shoot that video again in better light.",
    "We should knock that wall down and open the kitchen.",
    "Someone needs to break that story before the other papers do.",
    "The council should kill off that scheme.",
    "Someone should strangle the budget for that useless project.",
    "Somebody needs to bury that old rumour for good.",
)


# Implicit derogation in HateCheck's manner, written that evening after X and Y and before the model
# scored them; its misses led to rules (caged, tolerated), but for "We don't need more X in this
# country", left to the models: said of immigrants it is an opinion on immigration levels.
ROUND_H_HATEFUL = (
    "{G} should be kept in cages.",
    "I'd rather die than let {g} touch me.",
    "{G} are a waste of oxygen.",
    "Of course {g} are going to be dumber than the rest of us.",
    "I wouldn't want any {g} as my neighbours.",
    "{G} should be grateful we let them live here.",
    "Why would anyone hire {g}?",
    "{G} are only good for one thing.",
    "Typical {g}, always causing trouble.",
    "{G} can never be trusted with anything important.",
    "You can't expect much from {g}.",
    "{G} are all the same.",
    "We don't need more {g} in this country.",
    "I can smell {g} from a mile away.",
    "{G} have ruined everything they touched.",
    "It's pointless trying to educate {g}.",
)


def main() -> None:
    """Print the share scored right in each round and kind."""
    run(
        __doc__,
        {
            "A, hateful": (for_every_group(ROUND_A_HATEFUL), "identity_attack", True),
            "D, hateful": (for_every_group(ROUND_D_HATEFUL), "identity_attack", True),
            "D, friendly": (for_every_group(ROUND_D_FRIENDLY), "identity_attack", False),
            "D, threats": (for_every_group(ROUND_D_THREATS), "threat", True),
            "T, threat": (for_every_group(ROUND_T_THREATS), "threat", True),
            "T, identity attack": (for_every_group(ROUND_T_THREATS), "identity_attack", True),
            "F, hateful": (for_every_group(ROUND_F_HATEFUL), "identity_attack", True),
            "F, friendly": (for_every_group(ROUND_F_FRIENDLY), "identity_attack", False),
            "G, hateful": (for_every_group(ROUND_G_HATEFUL), "identity_attack", True),
            "G, friendly": (for_every_group(ROUND_G_FRIENDLY), "identity_attack", False),
            "N, endorsed violence": (for_every_group(ROUND_N_ENDORSED), "identity_attack", True),
            "M, endorsed violence": (for_every_group(ROUND_M_ENDORSED), "identity_attack", True),
            "P, friendly": (for_every_group(ROUND_P_FRIENDLY), "identity_attack", False),
            "Q, friendly": (for_every_group(ROUND_Q_FRIENDLY), "identity_attack", False),
            "V, calls to violence": (list(ROUND_V_CALLS), "threat", True),
            "W, calls to violence": (list(ROUND_W_CALLS), "threat", True),
            "X, hateful": (for_every_group(ROUND_X_HATEFUL), "identity_attack", True),
            "X, friendly": (for_every_group(ROUND_X_FRIENDLY), "identity_attack", False),
            "Y, hateful": (for_every_group(ROUND_Y_HATEFUL), "identity_attack", True),
            "Y, friendly": (for_every_group(ROUND_Y_FRIENDLY), "identity_attack", False),
            "H, hateful": (for_every_group(ROUND_H_HATEFUL), "identity_attack", True),
            "R, calls to violence": (list(ROUND_R_CALLS), "threat", True),
            "S, calls to violence": (list(ROUND_S_CALLS), "threat", True),
            "R and S, idioms": (list(ROUND_RS_IDIOMS), "threat", False),
        },
    )


if __name__ == "__main__":
    main()
