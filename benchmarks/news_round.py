"""Blind news round: realistic reader comments, civil and abusive, through `civility moderate`.

Written on 2026-11-29 by someone who had read none of the rules, templates or training data,
before the model scored them (first score in BENCHMARKS.md); rules were written after it for
what it found, so the figure is no longer a held-out estimate. CIVIL comments must be published,
ABUSIVE ones held or rejected; the decision is the default policy's, as the hidden evaluations
see it (no article, so `off_topic` is neutral).
Run: .venv/bin/python benchmarks/news_round.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

CLI = Path(sys.executable).with_name("civility")

CIVIL: dict[str, tuple[str, ...]] = {
    "heated_politics": (
        "This government has failed us completely. Prices up, wages flat, and they still claim the economy is booming.",
        "Another scandal, another 'internal inquiry' that will clear everyone. The minister should resign today.",
        "Oh great, a fourth committee to study the problem the last three committees already studied. Brilliant use of taxpayer money.",
        "I voted for this party for 20 years and I'm done. They have abandoned every promise they made on healthcare.",
        "How is it acceptable that the PM's brother-in-law got the contract without a tender?? This is corruption plain and simple.",
        "The opposition is no better tbh. They had ten years in power and did nothing about the water crisis.",
        "Resign. Just resign. You cannot lose a billion rupees in a subsidy scheme and carry on like nothing happened.",
        "Funny how the deficit only matters when the other side is in power.",
        "These election promises are pure fantasy. Free electricity for everyone, paid for by whom exactly?",
        "The senator voted against the very bill he co-sponsored last year. Voters deserve an explanation, not a press release.",
        "I'm furious about the pension cuts. My parents worked 40 years and now they are told to tighten their belts while MPs vote themselves a raise.",
        "Sure, let's blame the previous government again. It's been six years, at some point you own the mess.",
    ),
    "news_of_violence": (
        "The attack killed at least 40 people, most of them worshippers at Friday prayers. Horrific.",
        "According to the report the suspect shot three officers before he was arrested near the station.",
        "Drone strikes in the region have killed far more civilians than the army admits, the UN figures are clear on this.",
        "He was convicted of the murder and rape of a 12 year old. The court sentenced him to life without parole.",
        "Saudi Arabia carried out 81 executions in a single day. Human rights groups have condemned it.",
        "The car bomb went off outside a market in Mogadishu during rush hour, that's why the toll is so high.",
        "Police shootings of unarmed men need independent investigation, not the department investigating itself.",
        "Historians estimate up to a million people were killed during Partition. We don't teach it nearly enough in schools.",
        "The militants attacked the checkpoint at dawn and killed six soldiers, according to the army spokesman.",
        "Missile strikes on the power grid are deliberately targeting civilians in winter. That is a war crime under the Geneva Conventions.",
        "Knife crime in London is up again. Most victims are teenagers stabbed by other teenagers, which is heartbreaking.",
        "The gunman killed 17 students in under six minutes. How many more school shootings before gun laws change?",
    ),
    "identity_neutral": (
        "As a Muslim I fast during Ramadan and honestly the support from my colleagues this year was lovely.",
        "Immigration levels should be set by parliament after a proper debate, not by headlines. We need nurses and engineers, but housing has to keep up.",
        "My grandmother came from Kerala in the 1960s and worked as a nurse for 35 years in the NHS.",
        "Religious schools can get good results, but I think state funding should come with admissions open to children of all faiths.",
        "Women in Afghanistan are being denied secondary education. The world should keep the pressure on the Taliban over this.",
        "Nice to see more Dalit and Adivasi candidates getting party tickets this time. Representation matters.",
        "The Sikh community kitchen fed over 2000 people after the floods, regardless of religion. Respect.",
        "My brother is gay and married his husband last spring, best wedding I've been to.",
        "Wheelchair users still can't get into half the stations in this city. Accessibility should be a priority in the budget.",
        "I'm Jewish and I've lived in this neighbourhood for 30 years alongside Hindu, Christian and Muslim neighbours without any problem.",
        "Quotas for women in parliament are a fair debate. Rwanda and Nepal have tried them with interesting results.",
        "Nigerian and Ghanaian immigrants have some of the highest university graduation rates in the UK according to the census data.",
    ),
    "counter_speech": (
        "Calling immigrants 'vermin' like that councillor did is disgusting and he should be removed from the party.",
        "Racism against Black players in this league is out of control. The FA needs to ban offenders for life.",
        "Anyone saying women 'belong in the kitchen' in 2024 needs to take a long look at themselves.",
        "Homophobia is not 'just an opinion'. Gay kids are being bullied into self harm and we need to talk about it.",
        "The chants about 'sending them back' at the rally were shameful. This is not who we are.",
        "Antisemitism and Islamophobia are both rising and both should be condemned equally, no exceptions.",
        "My daughter was called a 'P*ki' at school last week. Teachers did nothing. This kind of racism has to be stamped out.",
        "Blaming an entire religion for the actions of a few extremists is exactly what the extremists want.",
        "Caste discrimination is still real in our villages and in the diaspora too. Please don't pretend it ended in 1950.",
        "Using 'retarded' as an insult is hurtful to people with intellectual disabilities and their families. There are better words.",
        "Reported the comments above for racism. Hate has no place here.",
        "The posters calling refugees 'invaders' are dehumanising and dangerous. History shows where that language leads.",
    ),
    "names": (
        "Congratulations to Priya Raghunathan on winning the state science award!",
        "Mohammed Al-Rashid scored twice in the second half, what a performance.",
        "I think Chidi Okonkwo made the most sensible point in the whole debate.",
        "Xi Jinping and Narendra Modi are expected to meet on the sidelines of the summit.",
        "The report was written by Dr. Faisal Qureshi and Dr. Siobhan O'Connor from the university.",
        "Mr. Dick Smith has been running that hardware shop for 40 years, a proper local legend.",
        "Babar Azam and Shaheen Afridi both missed the series with injuries, bad timing for Pakistan.",
        "Interview with Nguyen Thi Lan about the floods in central Vietnam is really worth reading.",
        "Judge Wolfgang Schmidt retires next month after 30 years on the bench.",
        "Tell me why Kamala Harris and Rishi Sunak are both getting compared in this article lol",
        "My neighbour Fanny Okafor runs the best bakery in town, her croissants are famous.",
        "Kwame Mensah and Aiko Tanaka will co-host the awards evening on Saturday.",
    ),
    "profanity_no_target": (
        "Damn, what a match! Did not expect that comeback in the last ten minutes.",
        "This traffic is shit every single morning since they closed the bridge.",
        "Holy crap, petrol is now 300 rupees a litre.",
        "Bloody hell, that final over was tense.",
        "Well that's a damn shame, I loved that restaurant.",
        "What the hell is going on with the weather this year, snow in April?",
        "The rail strike means my commute is screwed again this week. Oh well.",
        "Shit, I missed the deadline for the tax rebate.",
        "Fucking finally, the road outside my house is getting fixed after 3 years.",
        "Damn that's a lot of rain, stay safe everyone in Chennai.",
        "Crap weather for the final but what a game anyway.",
        "Hell yes! Gold medal for India in the javelin again!",
    ),
    "short_replies": (
        "Agreed.",
        "Source?",
        "Well said.",
        "Not true at all.",
        "lol",
        "Exactly this.",
        "Thanks for sharing.",
        "+1",
        "Interesting read.",
        "Can you link the study?",
        "Same here.",
        "This.",
    ),
    "quoting_and_idioms": (
        "Honestly the new metro app is a killer app, buying tickets takes 5 seconds now.",
        "The groundstaff did a hell of a job getting the pitch ready after all that rain.",
        "That skateboard trick was sick! Fair play to the kid.",
        "The bill was killed in committee before it ever reached the floor.",
        "Scunthorpe United picked up a valuable point away from home.",
        "Tried the new cocktail bar on the high street, really nice mango cocktail.",
        "With no majority left, the minister is a sitting duck until the next reshuffle.",
        "The striker absolutely murdered that penalty, top corner.",
        "Our team got slaughtered 5-0 at the weekend, embarrassing result.",
        "The comedian totally killed it at the festival last night.",
        "I'm dying to see the new Shah Rukh Khan film this weekend.",
        "Penistone in South Yorkshire and Cockermouth in Cumbria both made this year's list of best places to live.",
    ),
}

ABUSIVE: dict[str, tuple[str, ...]] = {
    "insult_person": (
        "You are an idiot if you actually believe that.",
        "What a moron this finance minister is, can't even add two numbers.",
        "The journalist who wrote this is a clueless hack, stop embarrassing yourself.",
        "Only a brain-dead fool would post a comment like yours.",
        "The senator is a spineless worm and a pathetic liar.",
        "Shut up you ignorant clown, nobody asked for your opinion.",
        "@rahul_88 you're too stupid to understand basic economics, go back to school.",
        "This mayor is a complete imbecile and a disgusting little creep.",
        "Typical halfwit reporter, did your mum write this article for you?",
        "You're a pathetic loser who spends all day trolling news comments.",
    ),
    "threat": (
        "Someone should shoot him before he does any more damage.",
        "I know where you live, I'll find you and you'll regret writing this.",
        "If that judge lets him walk, someone will put a bullet in her head.",
        "Keep talking and I'll come to your office and break your legs.",
        "People like that journalist deserve to be hanged in the town square.",
        "Next time I see those protesters I'm running them over with my car.",
        "Let's burn their mosque down and see how they like it.",
        "This MP should be dragged out and beaten until he can't stand.",
        "Watch your back, we'll deal with you and your family soon.",
        "Wish someone would plant a bomb at their rally and end them all.",
    ),
    "identity_attack": (
        "Muslims are a cancer on this country and should all be deported.",
        "Immigrants are parasites who breed like rats and live off our taxes.",
        "Women are too stupid and emotional to be allowed to vote.",
        "Gays are sick perverts and shouldn't be allowed near children.",
        "Jews control the banks and the media, that's why nothing ever changes. Wake up.",
        "Blacks are basically animals, just look at the crime stats.",
        "Send all these Bangladeshi cockroaches back on the boats they came on.",
        "Disabled people are a useless burden on society and a waste of money.",
        "Hindus are filthy cow worshippers, no wonder their country is a dump.",
        "Typical Pakistanis, a nation of terrorists and groomers.",
    ),
    "obscene_abuse": (
        "F*** you and your fake news.",
        "Go to hell you piece of s***.",
        "Shut the fuck up, you worthless prick.",
        "Eat sh1t and d!e you absolute a$$hole.",
        "Fuk off back under your rock you stupid b1tch.",
        "What a useless c*nt this reporter is.",
        "Go f**k yourself mate, nobody cares.",
        "You're a total d1ckhead, fuck off.",
        "Suck my d*ck, moron.",
        "Bastard minister, fuck you and your whole lying party.",
    ),
    "spam": (
        "Earn $500 a day from home!!! No experience needed, visit www.easycash-home.biz now.",
        "Check out my YouTube channel for the REAL news they don't want you to see, subscribe and hit the bell!",
        "I made $8,742 last month working online part time. Click here to learn how: bit.ly/3xWorkNow",
        "Cheap Ray-Ban sunglasses 90% OFF today only at www.raybanoutlet-sale.shop",
        "Want to lose 10kg in 2 weeks? Try KetoSlim Pro, order now at ketoslimpro.net, free shipping!",
        "Best crypto signals group on Telegram, 300% profit guaranteed. Join t.me/cryptokings_vip",
        "Follow me on Instagram @priya_fashion_deals for daily discount codes!!",
        "Need a loan fast? Bad credit OK. WhatsApp +1 555 0199 for instant approval.",
        "Get 10,000 real followers for just $9.99 at growfollowersfast.com",
        "Hot singles in your area are waiting for you, sign up free at datenow-xx.com",
    ),
}


def decisions(texts: list[str]) -> list[dict[str, object]]:
    """Each text's output line from `civility moderate` (one process, stdin)."""
    lines = "\n".join(json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts))
    run = subprocess.run(
        [str(CLI), "moderate", "-"], input=lines, capture_output=True, text=True, check=True
    )
    return [json.loads(line) for line in run.stdout.splitlines()]


def main() -> None:
    """Print, per category, how many comments got the decision they should."""
    rows = [
        (kind, category, text)
        for kind, table in (("civil", CIVIL), ("abusive", ABUSIVE))
        for category, texts in table.items()
        for text in texts
    ]
    results = decisions([text for _, _, text in rows])
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    print(f"{'kind':8} {'category':22} right  decisions")
    for kind, table in (("civil", CIVIL), ("abusive", ABUSIVE)):
        for category in table:
            got = [
                str(result["decision"])
                for (k, c, _), result in zip(rows, results, strict=True)
                if (k, c) == (kind, category)
            ]
            ok = sum((d == "publish") == (kind == "civil") for d in got)
            right[kind] += ok
            total[kind] += len(got)
            shown = ", ".join(f"{d} {n}" for d, n in sorted(Counter(got).items()))
            print(f"{kind:8} {category:22} {ok:2}/{len(got):<2}  {shown}")
    for kind in total:
        print(f"{kind}: {right[kind]}/{total[kind]} as they should be")
    for (kind, _, text), result in zip(rows, results, strict=True):
        if (result["decision"] == "publish") != (kind == "civil"):
            reasons = "; ".join(map(str, result["reasons"]))[:120]  # type: ignore[call-overload]
            print(f"  {result['decision']}: {text[:90]!r} ({reasons})")


if __name__ == "__main__":
    main()
