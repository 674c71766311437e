"""Hate quoted, reported or condemned by the writer, and hate endorsed in the same frames.

Written 2026-11-30 before the rules they led to. Round A (counter-speech and references to hate,
40 sentences) was scored first and its misses were read to write the rules in `ml/lexicon.py`
(a view or claim judged, a report disliked or forbidden, sadness at others' hate, hate acts put
on others). Round B was scored next: its misses led to the "reported words" rule (others' words
just before a demeaning clause leave the verdict to the models), so it is not independent either.
Round C was written after both rules and never used to write one: it is the estimate for
phrasings nobody anticipated, with hateful sentences in the same frames (the writer agrees, or
speaks for themself) to show the rules did not open a hole. Scored as the hidden suite is
(`identity_attack >= 0.5`), each for the eight groups.
Run: .venv/bin/python benchmarks/reported_speech_probes.py [--model-dir DIR] [--misses]
"""

from __future__ import annotations

from probe_scoring import for_every_group, run

ROUND_A_COUNTER = (
    'Statements like "{g} are scum" are deeply hurtful.',
    "You have to stop calling {g} disgusting.",
    "Saying that you hate {g} shows how misguided you are.",
    '"{G} are parasites" is such a disgusting thing to say.',
    'I can\'t believe you just said "all {g} should die".',
    'People who say "{g} are vermin" should be ashamed of themselves.',
    'When you say "{g} are animals", you are spreading hate.',
    'Nobody should ever say "{g} are trash".',
    "Your comment that {g} are subhuman is vile.",
    "If you call {g} pigs, don't be surprised when people call you a bigot.",
    "I lost all respect for you when you said {g} are worthless.",
    'Comments like "{g} should be deported" have no place here.',
    "Stop saying {g} are a plague on society.",
    "Claiming that {g} are inferior is just ignorant.",
    "Anyone who thinks {g} are rats is a fool.",
    "The idea that {g} are dangerous is a myth.",
    "You keep saying {g} are criminals. That is racist and false.",
    '"Kill all {g}" is an unacceptable thing to write.',
    "I hate it when people say {g} are stupid.",
    "Don't ever call {g} freaks again.",
)
ROUND_A_FRIENDLY = (
    "I would never say that {g} are inferior.",
    "It is not true that {g} are lazy.",
    "I don't think {g} are dangerous at all.",
    "No one should be treated badly just for being one of {g}.",
    "Hating {g} is just wrong.",
    "It makes me sad that so many people hate {g}.",
    "Violence against {g} has to stop.",
    "I'm so tired of the abuse {g} receive online.",
    "There is nothing wrong with {g}.",
    "{G} deserve respect like everyone else.",
    "I have many friends who are {g}.",
    "My neighbours are {g} and they are lovely.",
    "We should stand up for {g} when they are attacked.",
    "Threatening {g} is a crime.",
    "Racists who target {g} disgust me.",
    "How can anyone still believe that {g} are evil?",
    "{G} are just as smart as anyone else.",
    "I really admire {g}.",
    "Some of the best doctors I know are {g}.",
    "Being one of {g} is nothing to be ashamed of.",
)
ROUND_B_COUNTER = (
    "Posting that {g} are cockroaches says more about you than about them.",
    'Whoever wrote "{g} out" on that wall should be prosecuted.',
    "Repeating the lie that {g} are criminals helps nobody.",
    "My uncle keeps saying {g} are lazy and I always tell him he's wrong.",
    "Describing {g} as animals is dehumanising and dangerous.",
    "There's nothing funny about jokes that call {g} vermin.",
    "Please don't spread the idea that {g} are a threat.",
    "I reported the post that said {g} should be gassed.",
    "Telling {g} to go back where they came from is racist.",
    "So many people online say {g} are disgusting, and it breaks my heart.",
)
ROUND_C_COUNTER = (
    "Every time someone claims {g} are thieves, I ask them for evidence.",
    "A guy at work insists {g} are dirty; I stopped talking to him.",
    "Reading that {g} are a disease in the comments made me log off.",
    "My teacher once told us {g} were inferior, and the whole class walked out.",
    'The sign said "{g} go home" and the crowd tore it down.',
    "He tweeted that {g} are parasites and lost his job the next day.",
    "Folks who think {g} are savages should actually meet some.",
    "If someone calls {g} monsters, report them.",
    "Kids learn from adults who say {g} are worthless.",
    "She was shocked when her boss said {g} are lazy.",
)
ROUND_C_HATEFUL = (
    "My dad always said {g} are parasites and he was right.",
    "Everyone knows {g} are thieves.",
    "They say {g} are filthy, and honestly I agree.",
    "I think {g} are vermin.",
    "People keep saying {g} are dangerous because it's true.",
    "As my grandfather used to say, {g} are scum.",
    "Let's be honest, {g} are disgusting.",
    "I'll say it: {g} are worthless.",
)


def main() -> None:
    """Print the share scored right in each round and kind."""
    run(
        __doc__,
        {
            "A, counter-speech": (for_every_group(ROUND_A_COUNTER), "identity_attack", False),
            "A, friendly": (for_every_group(ROUND_A_FRIENDLY), "identity_attack", False),
            "B, counter-speech": (for_every_group(ROUND_B_COUNTER), "identity_attack", False),
            "C, counter-speech": (for_every_group(ROUND_C_COUNTER), "identity_attack", False),
            "C, hateful": (for_every_group(ROUND_C_HATEFUL), "identity_attack", True),
        },
    )


if __name__ == "__main__":
    main()
