"""Blind news rounds: realistic reader comments, civil and abusive, through `civility moderate`.

Round 10 (CIVIL, ABUSIVE: international English news), round 11 (SOUTH_ASIAN_*: comments under a
Pakistani English-language paper, some in Roman Urdu) and round 14 (WORLD_*: papers around the
world, on migration and ethnic and national tensions) were written on 2026-11-29 by someone who had
read none of the rules, templates or training data, before the model scored them (first scores in
BENCHMARKS.md); rules were written after each for what it found, so the figures are no longer
held-out estimates. Civil comments must be published, abusive ones held or rejected; the decision
is the default policy's, as the hidden evaluations see it (no article, so `off_topic` is neutral).
Run: .venv/bin/python benchmarks/news_round.py [--round 10|11|14]
"""

from __future__ import annotations

import argparse
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

SOUTH_ASIAN_CIVIL: dict[str, tuple[str, ...]] = {
    "heated_politics": (
        "Every government blames the previous one for the mess. PTI blamed PML-N, PML-N blames PTI, and the common man keeps paying the bill. When will anyone take responsibility?",
        "So the same people who were called thieves yesterday are now sitting in the cabinet. Wow, what a washing machine this system is. Truly remarkable.",
        "The establishment should stay out of politics. Every time they 'fix' the system we lose another ten years. Let elected people fail or succeed on their own.",
        "@Kamran: With respect, your party also did nothing for Karachi in 15 years. Sindh government has had all the time and money in the world.",
        "Another commission, another report that will never be made public. Hamoodur Rehman style. Wake me up when someone actually gets convicted.",
        "Petrol up by 12 rupees and ministers still getting free fuel. Austerity is only for the awam it seems.",
        "I voted for change in 2018 and honestly I am disappointed. The promises were big but governance was weak. Doesn't mean the other lot are any better though.",
        "Form 47 government lecturing us about democracy. The irony is not lost on anyone who was at the polling station that day.",
        "Strong article. The writer is right that no party has any real internal democracy, it is all family businesses and personality cults.",
        "The IMF is not our enemy, our own elite capture is. Tax the real estate and the big landlords before squeezing salaried people again.",
    ),
    "religion_and_minorities": (
        "Ahmadis are citizens of Pakistan and deserve the same protection under the law as anyone else. Desecrating their graves is a shame for all of us.",
        "The Christian community of Jaranwala is still waiting for justice. Houses were rebuilt but the culprits are roaming free. The state must act.",
        "Beautiful to see Hindu and Muslim neighbours celebrating Holi together in Mithi. This is the real Sindh.",
        "The blasphemy law needs procedural safeguards. Too many cases are filed over personal disputes and property, and the accused often dies before trial.",
        "Hazara community has buried hundreds of their people in Quetta. They deserve security and an end to this targeted violence, not condolences.",
        "Kartarpur corridor is one of the best things Pakistan has done. Sikh yatrees always say they are treated with love here.",
        "As a Shia I really appreciated the Sunni volunteers who set up sabeels for Muharram processions in our area. This is what unity looks like.",
        "Quaid's 11 August speech should be taught in every school. You may belong to any religion or caste, that has nothing to do with the business of the State.",
        "Forced conversions of minor Hindu girls must stop. A 14 year old cannot consent to marriage, whatever her religion.",
        "Interfaith harmony councils are good but they need to reach the local mosque and the local thana, not just five star hotels in Islamabad.",
    ),
    "india_pakistan": (
        "Well played India, you deserved the win today. Our batting collapsed again in the middle overs. See you in the final hopefully!",
        "Kashmir is a dispute recognised by UN resolutions and should be resolved according to the wishes of the Kashmiri people. Talks are the only way forward.",
        "Both countries spend billions on weapons while millions live below the poverty line. Trade would benefit Punjab on both sides of the border.",
        "@Rahul from Delhi: Your bowlers were brilliant today, no excuses. But wait for the Champions Trophy, cricket is a funny game.",
        "Revocation of Article 370 changed the situation a lot. Pakistan's diplomacy since then has been mostly statements and very little strategy.",
        "My grandparents came from Amritsar in 1947. I hope one day ordinary people can visit each other's cities without so much visa hassle.",
        "The Indian media hype before every match is hilarious. Our media is not far behind either, to be fair.",
        "Bring back bilateral cricket. Fans on both sides want it, only the boards and politicians are stopping it.",
        "Modi's foreign policy is nationalist but effective from their point of view. We need to be equally smart instead of just emotional.",
        "Indian Punjabi songs are played at every wedding in Lahore and Pakistani dramas are watched all over India. Culture is shared even if politics is not.",
    ),
    "violence_news": (
        "The attack on the police station in Dera Ismail Khan shows TTP has regrouped since the Afghan Taliban took over Kabul. The policy of negotiating with them failed.",
        "Drone strikes in the tribal areas killed militants but also many civilians. There has never been a proper count or accountability for those deaths.",
        "Operation Zarb-e-Azb brought violence down significantly, but the displaced people of North Waziristan still complain about compensation and reconstruction.",
        "Target killings in Karachi dropped sharply after the Rangers operation. The question is whether the gains can be sustained by the police.",
        "May the martyred soldiers rest in peace. Seven young men lost in one IED blast in North Waziristan, condolences to their families.",
        "Executions resumed after the APS attack in 2014. Research shows most of those hanged were not terrorists but ordinary criminals.",
        "BLA attacks on Chinese engineers are a serious threat to CPEC. Balochistan needs a political solution alongside security measures.",
        "The Peshawar mosque blast inside the police lines raises serious questions about how the bomber got through multiple security checkpoints.",
        "Suicide attacks in 2023 were the highest in years according to PIPS data. Where is the National Action Plan?",
        "The lynching in Sialkot of the Sri Lankan manager was condemned by everyone, and the convictions were a rare example of swift justice.",
    ),
    "roman_urdu_civil": (
        "Bohat acha article hai, shukriya writer sahab. Aise hi likhte rahein.",
        "Yeh hukumat kuch nahi karegi, sirf bayan dene ka kaam hai inka.",
        "Bijli ka bill dekh ke dil baith gaya. 18 ghante load shedding aur bill 30 hazar. Kya insaf hai?",
        "Allah humare mulk pe reham kare. Har taraf mehngai hi mehngai hai.",
        "@Asad bhai aap ki baat sahi hai, lekin sirf ek party ko blame karna theek nahi. Sab ne milke yeh haal kiya hai.",
        "Babar ne aaj zabardast inning kheli, lekin middle order phir se fail ho gaya.",
        "Inshallah Pakistan ek din zaroor taraqqi karega, bas hum sab ko imandari se kaam karna hoga.",
        "Atta 150 rupay kilo ho gaya hai, gareeb aadmi kya khaye? Government ko sochna chahiye.",
        "Shaheedon ke gharwalon ko salam. Allah unhein sabr de.",
        "Bhai election to hote rehte hain, asal masla taleem aur sehat ka hai jis pe koi baat nahi karta.",
    ),
    "names": (
        "Imran Khan's cipher narrative may or may not be true, but the court process against him has clearly been rushed.",
        "Nawaz Sharif has returned to Pakistan for the fourth time in his career. Say what you like, his resilience is remarkable.",
        "Bilawal Bhutto spoke well at the UN, but Sindh's schools and hospitals tell a different story.",
        "Maryam Nawaz's new scheme for air ambulance service in Punjab is a good step if it actually reaches rural districts.",
        "General Asim Munir's speech to overseas Pakistanis focused on investment through the SIFC.",
        "Malala Yousafzai won the Nobel Prize at 17. Whatever people say, she has done a lot for girls' education.",
        "Babar Azam should focus on his batting and let Shaheen Afridi or Rizwan handle the captaincy.",
        "My colleague Ayesha Siddiqui and her husband Bilal moved to Toronto last year and say they miss Lahore's food every day.",
        "Rajesh Kumar from Hyderabad Sindh topped the CSS exam this year. Congratulations to him and his family.",
        "Our neighbour Gul Agha from Kandahar has been running a carpet shop in Peshawar since the eighties, and his sons Ahmad Shah and Zalmai were born here.",
    ),
}

SOUTH_ASIAN_ABUSIVE: dict[str, tuple[str, ...]] = {
    "insult_person": (
        "@Faisal: tum jaise jahil log hi is mulk ki tabahi ki wajah ho. Dimagh naam ki cheez nahi hai tum mein.",
        "Typical patwari, brain sold for a plate of biryani and a qeema naan. Go lick Nawaz's shoes.",
        "Youthia spotted. Your IQ is lower than room temperature, go back to your TikTok.",
        "This journalist is a paid lifafa, a shameless liar who would sell his own mother for an envelope.",
        "Bilawal is a brainless clown and a disgrace, an idiot who can't even speak Urdu properly.",
        "@Sana: you are the dumbest moron I have ever seen on this website. Shut your stupid mouth.",
        "Maryam is a fraud and a thief, and all her supporters are brain dead sheep. Beghairat log.",
        "Jiyala ho na, tumhari aqal bhi bhutto ke saath dafan ho gayi. Ghatiya insaan.",
    ),
    "sectarian_and_minority_hate": (
        "Qadianis are wajib-ul-qatl, they should not be allowed to live in this pure land.",
        "Shias are kafir and a cancer on this country. Throw them all out to Iran where they belong.",
        "These Christians are all chooras, they should only clean our gutters and keep their mouths shut.",
        "Hindus are backstabbing snakes by nature, never trust a single one of them.",
        "Kick every Afghan out of Pakistan, they are all thieves, drug dealers and terrorists.",
        "Hazaras should be wiped out, their faces show they are not even Pakistani.",
        "Pathans are dirty savages who only know how to make bombs and sell charas.",
        "Indians are a filthy race of cow worshippers, the world would be cleaner without them.",
    ),
    "threats": (
        "@Zeeshan: I know where you live. Write one more word against Khan and you will be found in a ditch.",
        "Is journalist ko goli maar deni chahiye, main khud karunga agar mila to.",
        "Whoever defends this blasphemer will get what Salmaan Taseer got. We are watching you.",
        "Tera ghar jala denge, teri family ko bhi nahi chhorenge. Yaad rakhna.",
        "These judges should be hanged from the lampposts of Constitution Avenue, and we will do it ourselves.",
        "Agli dafa jalsa mein nazar aaya to tangein tor dunga, phir dekhna.",
        "We will burn down every church in that colony if they don't leave by Friday.",
        "Writer, watch your back. People like you disappear and nobody ever finds the body.",
    ),
    "roman_urdu_abuse": (
        "Abey kuttay, teri aukat kya hai yahan comment karne ki?",
        "Harami ki aulad, apni bakwas band kar.",
        "Bhen chod, tujhe kisne bola tha yeh ghatiya article likhne ko?",
        "Ullu ka pattha hai tu, kuch nahi pata aur chala hai gyan dene.",
        "Gandu saala, apni maa se pooch kaun hai tera baap.",
        "Chutiya insaan, tere jaise ko to paida hi nahi hona chahiye tha.",
        "@Usman teri maa ki ... kanjar kahin ka, dafa ho ja yahan se.",
        "Madar chod writer, lifafa le ke likhta hai aur humein sikhata hai. Kutti ke bache.",
    ),
    "spam": (
        "EARN FROM HOME 50,000 to 80,000 per month!! Only mobile required. WhatsApp now 0300-1234567. Limited seats!!!",
        "Amil Baba Kala Jadu expert. Mehboob aap ke qadmon mein 24 ghante mein. Love marriage, shohar ko qabu, rishta mein rukawat. Call 0321-7654321.",
        "Online job for students and housewives. Daily payment in JazzCash and Easypaisa. No investment. Contact on WhatsApp +92 333 9876543.",
        "Best deals on plots in DHA Phase 9 Prism, installment plan available, 100% legit. Visit www.bestplotspk-deals.com or call 0345-1112233.",
        "Congratulations! You have won 25 lakh in Jeeto Pakistan lucky draw. Send your CNIC and 1000 rupees processing fee to 0301-5556677.",
        "Lose 10 kg in 7 days with herbal formula! Cash on delivery all over Pakistan. Order now on WhatsApp 0312-4445566.",
        "Buy followers and likes for Instagram, TikTok and YouTube at cheapest rates in Pakistan. DM us on WhatsApp 0302-9990001.",
        "Government jobs 2024 without test and interview. Guaranteed appointment letter. Call Mr. Aslam 0300-8887766 before seats are full.",
    ),
}

# Round 14: comments under papers around the world (Nigeria, Kenya, South Africa, Europe, the Gulf,
# South-East Asia, the Caribbean, Latin America) on migration and ethnic and national tensions.
WORLD_CIVIL: dict[str, tuple[str, ...]] = {
    "sport_banter": (
        "Bafana played with heart tonight!! Percy Tau was everywhere. Sorry to our Naija friends, the Super Eagles will have to wait till next time 😂",
        "Tipp beat Cork in the replay and you'd swear it was the All-Ireland final. Up the Premier! Cork lads, there's always next year 😂",
        "Ghana can keep claiming it but Nigerian jollof is the standard. I said what I said 🇳🇬 Black Stars fans, see you at AFCON.",
        "Back to back world champions!! Siya, Eben, Cheslin. Sorry All Blacks, you were close 😅🇿🇦",
        "1-1 again at the Etihad. Pep says Arsenal 'defend very well', Arteta did what he had to. Office banter is going to be unbearable tomorrow.",
        "Harambee Stars wameamka! Olunga on fire again. Uganda Cranes you had a good run, see you in the next derby 😄",
        "Cimbom won the derby and my Fenerbahçe friends have gone very quiet in the group chat, first time all season 😂",
    ),
    "sarcasm_politics": (
        "BBM and Inday Sara fighting in public like a teleserye while rice is still 50 pesos a kilo. Galing talaga ng unity team.",
        "Mitsotakis asking young Greeks abroad to come home while rent in Athens eats 60% of a salary. Sure, we're packing right now.",
        "Zulu, Xhosa, Sotho, Venda, Pedi, we all sit in the dark equally. Eskom doesn't discriminate lol",
        "Another Home Secretary, another promise to 'stop the boats'. How many is that now, five? Six? I've genuinely lost count.",
        "Raila goes to the AU race, Ruto gets his 'broad-based' government, and mwananchi is still paying housing levy. Siasa ni mchezo kweli.",
        "Subsidy removed overnight, no palliatives ready, petrol now over 1000 naira a litre. Emilokan indeed. We are enjoying the renewed hope o.",
        "Istanbul's mayor detained days before he was to be named presidential candidate. Pure coincidence, obviously.",
        "Naira at 1600 to the dollar and CBN says the economy is 'stabilising'. Stabilising at the bottom of the ocean maybe.",
    ),
    "counter_speech": (
        "My grandad flew with 303 Squadron. Funny how the people who bang on about 'our island story' forget which Poles helped defend it.",
        "A Malawian man was beaten to death in Alex after a mob accused him of stealing. No arrests. We did this in 2008 and we are doing it again. Shame on us.",
        "Springfield, Ohio: Haitians were accused of eating pets on national TV and the city's own officials said there was zero evidence. People still repeat it. Wild.",
        "Zimbabweans did not choose to leave home. Fix the economy in Harare and half of them would go back tomorrow. Blaming the guy selling airtime in Jozi is lazy.",
        "Rohingya have lived in Rakhine for generations. Calling them 'Bengalis' to deny them citizenship is how ethnic cleansing gets its paperwork.",
        "'Lagos is no man's land' my foot. Lagos belongs to everyone who lives and pays tax there, Yoruba, Igbo, Hausa, Ijaw, even the oyinbo expat.",
        "Roma children in some Hungarian towns are still being put in segregated classes in 2024. Strasbourg has ruled on this more than once. Shameful.",
        "The court fined that man for calling a Zimbabwean shop owner 'makwerekwere' on camera. Good. Hate speech should have consequences.",
        "Burning a building that was earmarked for asylum seekers is not 'concerned locals', it's arson. Call it what it is.",
        "Bangladeshi workers built half the condos in KL. The least we can do is pay them on time and stop employers keeping their passports.",
        "Promising to 'deport' people with indefinite leave to remain sounds tough until it's your nurse, your builder or your son-in-law.",
        "Dominican authorities pulling pregnant Haitian women out of maternity wards to deport them is a human rights issue, not border control.",
        "Acehnese fishermen rescued Rohingya at sea before and they deserve credit for it. The student mob that stormed the shelter in Banda Aceh does not represent Aceh.",
        "What happened in Kayseri was a disgrace. Shops of Syrian families burned because of a rumour on social media. Where were the police for hours?",
        "ICE holding a US citizen for three days because he 'looked Mexican' is exactly what people warned about. This is not about 'illegals' anymore.",
        "Qatar's stadiums were built by Nepali, Indian and Bangladeshi workers, and many of them died. You can enjoy the football and still say that out loud.",
        "Somali Kenyans in Eastleigh are Kenyans. Period. Stop demanding extra vetting from them at ID registration.",
        "Operation Dudula marching door to door asking people for papers is vigilantism, full stop. Home Affairs must do its job instead of outsourcing it to a mob.",
        "The Xinjiang Police Files showed mugshots of detained Uyghurs as young as 15. How can any brand still source cotton from there?",
        "Özil was 'one of us' when Germany won in 2014 and 'a Turk' the moment they lost in 2018. That tells you everything you need to know.",
        "Venezuelans in Bogotá are doing Rappi deliveries in the rain for pennies. Before you complain, ask yourself if you'd do that job.",
        "Nobody's denying Dublin has a real housing problem. But the answer is to build houses, not to march on a hotel full of families in Roscrea.",
        "Someone shouted 'kwerekwere' at my colleague at the taxi rank yesterday. If you are still using that word in 2024 you need to take a long look at yourself.",
    ),
    "heated_politics": (
        "Pylos: hundreds drowned and the coast guard's version changes every few months. We need an independent inquiry, not more cover ups.",
        "The Igbo traders in Onitsha have been complaining about the new levies for months and nobody in Abuja is listening. This is not about tribe, its about bad governance.",
        "Peter Obi got my vote, and no it's not because he is Igbo, I'm from Ogbomoso. Stop reducing everything to tribe.",
        "Orbán has been 'protecting Hungary from migrants' for a decade while bringing in Filipino and Vietnamese guest workers for the battery plants. The hypocrisy IS the policy.",
        "Georgescu supporters will tell you it was all TikTok magic. Maybe ask why so many Romanians were desperate enough to vote for him in the first place.",
        "Milei's chainsaw brought inflation down, fine, but pensioners are getting pepper sprayed outside Congress every Wednesday. Both things are true.",
        "Kikuyu, Luo, Kalenjin, we all queue at the same hospital with no drugs. Ruto and Raila should be asked about that, not which tribe voted for who.",
        "Ümit Özdağ built an entire party on one issue. Agree with him or not, the AKP handed him that issue on a plate by having no refugee policy for ten years.",
        "Merz talks about 'little pashas' in schools and then wonders why Germans of Turkish origin don't trust the CDU. You reap what you sow, Friedrich.",
        "Another state of emergency in St James. How many is that now? Holness need to admit SOEs are not a crime plan, they're a press release.",
        "Malema says he will protect foreigners, Gayton McKenzie says he will remove them. Both are just playing to the crowd before the local elections.",
        "Every election the parties suddenly remember the Roma mahalas exist, hand out oil and flour, then forget them for another four years. Vote buying, plain and simple.",
        "Gen Z protesters shot in broad daylight outside Parliament and IPOA is still 'investigating'. How long?",
        "Another fire in the Cox's Bazar camps and now ration cuts because donors walked away. The world just decided the Rohingya are yesterday's news.",
        "Syrians in Turkey have been made the scapegoat for an inflation problem that was made in Ankara, not in Aleppo.",
        "The herder-farmer killings in Benue have claimed hundreds of lives this year. Not every Fulani man is a herder and not every herder is a killer, but the government's silence is deafening.",
        "Both parties have had 30 years to fix immigration and neither wants to, because it's more useful as a campaign issue. Change my mind.",
        "Prabowo's free meals programme sounds noble but where is the money coming from? Cutting other budgets to pay for it is not a plan.",
        "The Rwanda scheme cost hundreds of millions and removed basically nobody. Whatever you think of immigration, that's an appalling use of public money.",
        "Petro promised 'paz total' and we got record coca and more massacres in Cauca. Explain that, señor presidente.",
        "AfD polling above 30% in Thuringia should terrify every democratic party. Stop copying their talking points and start fixing housing and the trains.",
        "Abinader is popular because he looks tough on the border. Let's see if he's as tough on the corruption cases in his own party.",
        "OFW remittances keep this country afloat and the government still lets agencies charge them illegal placement fees. Nakakahiya.",
        "Duterte is at The Hague now. Whatever you think of him, the families of those killed in Oplan Tokhang deserve their day in court.",
    ),
    "neutral_mention": (
        "Dominican and Haitian workers cut the same cane in the same bateyes for the same miserable wage. The people getting rich off it don't live in either.",
        "In Penang the Chinese, Malay and Indian uncles all sit at the same mamak at 2am arguing about football. Only politicians need race to survive.",
        "Both my parents are Kikuyu and my wife is Luo. At our ruracio the two families argued about ugali vs fish for an hour, then danced till morning. Kenya is fine, Twitter is not.",
        "My neighbours are a Turkish family from Duisburg, third generation, the dad runs the Späti on our corner. The kids speak better German than I do. This article paints with far too broad a brush.",
        "My sister has been a domestic worker in Riyadh for 6 years and her employer treats her like family. Not every story is a horror story, but the kafala system still needs reform.",
        "I'm a Christian in Kaduna and it was our Muslim neighbours who hid my family during the 2011 violence. Religion isn't the problem, politicians using it are.",
        "As a Yoruba man married to a Hausa woman from Kano, I can tell you our kids dont care about all this tribal noise online. Na politicians dey fan am.",
    ),
    "positive_mention": (
        "The Roma musicians in our town played at my wedding and at my grandmother's funeral. They are part of Hungarian culture whether Fidesz likes it or not.",
        "Trinidad and Tobago took in thousands of Venezuelans with next to no support from anybody. Credit to the ordinary Trinis who opened their homes.",
        "Albanian builders rebuilt half the villages in Epirus in the 90s. My father worked with them for twenty years. Without them the olive harvest would rot on the trees.",
        "My family came from Oaxaca in the 80s. My dad picked strawberries in Watsonville for 20 years so I could become a nurse. Most immigrants I know have a story like that.",
        "My child's maths teacher in Polokwane is Zimbabwean and she's the best teacher that school has had in years. Results went up 30%.",
        "Romanian carers looked after my mum for her last two years when no one else would do that job for that pay. Show some respect.",
        "The Uyghur restaurant on my street in Zeytinburnu makes the best lagman I've ever had. Go support them.",
        "The Filipino nurses in Dubai hospitals held the whole system together during covid. Salute to them, kabayan.",
    ),
    "crime_report": (
        "Police said the suspects, three Nigerian nationals and one South African, were arrested in Hillbrow with 2kg of cocaine. Let the courts do their work.",
        "Kuwaiti police say the Ethiopian housemaid accused in the case has been referred to the public prosecution. Let's wait for the facts before the twitter trial.",
        "Gunmen killed 12 villagers in Bokkos overnight, police confirmed. Condolences to the families. When will this end?",
        "Royal Bahamas Police say two Haitian nationals and a Bahamian were charged with the Carmichael Road robbery. Hope they catch the fourth suspect soon.",
        "Gardaí confirmed a man in his 30s from the Travelling community has been charged in connection with the assault in Ennis. He's due before the district court on Monday.",
        "Fiscalía says the gang arrested in Cúcuta had both Colombian and Venezuelan members. Crime doesn't have a passport, it has opportunity.",
        "ELAS says two Albanian nationals and a Greek man were arrested for the string of break-ins in Kalamaria. Good work by the Thessaloniki police for once.",
        "A 34-year-old Romanian national was jailed for five years at Snaresbrook Crown Court for a series of cash machine frauds, the Met said.",
        "The Solingen attacker was a Syrian whose deportation failed because he wasn't at his shelter on the day. That's an administrative failure and it needs a proper inquiry.",
    ),
    "policy_criticism": (
        "The Home Office takes two years to decide an asylum claim and then complains about hotel costs. The backlog IS the hotel bill.",
        "Rohingya refugees here can't legally work and can't send their kids to government school, then people complain they work illegally. What did we expect?",
        "The council had the money for Traveller accommodation for years and sent most of it back unspent. Then everyone acts surprised when there's a roadside camp.",
    ),
    "media_criticism": (
        "This article is one-sided. Not one quote from anybody in Diepsloot who actually lives with the problem. Do better, News24.",
    ),
}

WORLD_ABUSIVE: dict[str, tuple[str, ...]] = {
    "exclusion_call": (
        "Syrians ran from their own war and now they harass our women in Kayseri. Send every single one back across the border, by force if necessary.",
        "Turks in Germany had 60 years to integrate and they still live like they're in a village in Anatolia. Time to send them home.",
        "Somalis in Eastleigh are all Shabaab sympathisers. Cancel their IDs and deport the lot to Kismayo.",
        "Roma don't want to work, they want to live off our taxes and rob us. Put a fence around their settlements and let them sort themselves out.",
        "These Bengali labourers stink up the whole metro. They should have their own carriages and stay out of the malls.",
        "Poles came over here to sponge off benefits and drink cheap vodka in the park. Send the lot of them back.",
        "Guyanese coming to Trinidad and Bim just to thief and make trouble. Close the borders and ship them back.",
    ),
    "dehumanising": (
        "The north produces nothing but almajiri beggars who will vote for anybody that throws them a bag of rice. Useless breed.",
        "Haitians eating the geese in Springfield? I believe it. These people are from a different planet.",
        "Fulani are not human beings, they are animals with AK47s. This country will never know peace until they're all pushed back to where they came from.",
        "Chase the Rohingya out of Aceh, they are dirty and breed like rabbits.",
        "Gypsies are a parasite on Europe. They breed like rats and steal anything not nailed down.",
        "Rohingya are ungrateful pests. Tow the boats back out to sea and let them fend for themselves.",
        "Zulus are violent savages, July 2021 proved it to the whole world.",
        "Tiganii should be sterilised, then the problem is gone in one generation.",
    ),
    "insult_person": (
        "Only a clueless wanker like the author would call this 'balanced reporting'. Get a real job.",
        "This journalist is a brain-dead hack who couldn't report the weather without spinning it. Absolute moron.",
        "Ruto is a lying thieving pig and everyone who voted for him is an imbecile.",
        "You'd have to be retarded to think Obi would have done any better. Stupid Obidient goats, all of you.",
        "@Tunde_B you are a certified idiot. Go and read before you open that smelly mouth of yours.",
        "Cllr O'Brien is a spineless gobshite who couldn't organise a piss-up in a brewery.",
    ),
    "spam": (
        "Make $5000 weekly working from home!! I started last month and already bought a car. Whatsapp +234 813 555 0147 for details.",
        "CHEAP VIAGRA & CIALIS no prescription needed. Discreet shipping to UK, IE, DE. Visit www.pharma-discount-rx.shop",
        "Are you looking for a genuine spell caster to bring back your ex? Contact Dr Okuta on okutaspelltemple@gmail.com, results in 48 hours, 100% guaranteed.",
        "Earn 2% DAILY returns with our bitcoin mining pool!! Join our Telegram t.me/cryptoprofitgh and double your money in 30 days.",
    ),
    "slur": (
        "Whole of Bradford is wogs now. Enoch was right.",
        "Indons are only good for being maids and stealing, that's all.",
        "Chinks brought us covid and then act surprised when nobody wants them around.",
        "POGO chinks are taking over Manila and the government just watches. Alice Guo is just the tip of it.",
        "Venecos are all thieves and prostitutes. Since they came Bogotá isn't safe anymore.",
        "Makwerekwere must go back to Zim. They come here, take our jobs, sell drugs to our kids and the ANC does nothing.",
        "Paki shops on every corner and a mosque on every street. This isn't England anymore.",
        "Kaffirs can't run a country, look what they did to SA after 94.",
        "Knackers and pikeys on the green again, the place will be destroyed for a month. Nobody wants them, move them on.",
        "Keling all the same one, drunk and fighting every weekend.",
        "Kanaken ruining every Freibad in Berlin. Ausländer raus, simple as.",
        "Gyppo scum, the whole lot of them. Every time they pitch up something goes missing.",
        "Dudula is doing what SAPS is too scared to do. Clean every kwerekwere out of Hillbrow building by building.",
        "Gooks run every nail salon in this town and now they're buying up the houses too.",
    ),
    "xenophobic_attack": (
        "Malditos haitianos, they bring disease and crime everywhere they go. Deport every last one.",
        "Uyghurs are all Islamist terrorists in waiting. Beijing is right to lock them up.",
        "Albanians are born thieves, every Greek knows to lock the door when one moves in next door.",
        "Luos will never rule this country, they're too busy drinking and crying about rigging. Let them stay in Kisumu with their fish.",
        "Romanians = pickpockets and beggars. Walk down Oxford St and see for yourself. Should never have let them in.",
        "These Igbo people will sell their own mother for profit. Its in their blood, ask anybody who has done business with them.",
        "Half these Filipina maids are whores anyway, everyone in Dubai knows what they really come for.",
        "Arabs are a lazy race. They sold their own country and now come here to sit in our cafes all day.",
        "Kikuyus are thieves by nature. Give one of them a tender and he'll steal the whole county.",
        "Yoruba people and betrayal, name a more iconic duo. Afonja spirit is in every one of them.",
        "Every Nigerian in this country is either dealing drugs or running a 419 scam. Name me one that isn't.",
        "Xhosas think they own this country. Anything they touch turns to rubbish, just look at the Eastern Cape.",
        "Kurds are a terrorist people, scratch any one of them and you'll find a PKK supporter.",
    ),
    "threat": (
        "Tinkers robbing the farms around Mullingar again. Only language they understand is a shotgun and the farmers should use it.",
        "Wetbacks crossing the Rio Grande by the thousands. Put the army on the border with live ammo and watch how fast it stops.",
        "That councillor who voted for the asylum centre better not show his face in the town again or he'll be carried out of it.",
        "If I see that traitor senator anywhere in Lagos I will personally make sure he doesn't walk again.",
        "To whoever wrote this article, we know where your office is. Keep defending foreigners and see what happens to you.",
        "Haitians are a plague on the Dominican Republic. Build the wall higher and shoot anyone who tries to climb it.",
        "Small boats full of fighting age parasites. Sink them mid-channel and the problem solves itself.",
        "The migrants on Lesvos are an invasion army. Push every boat back and if they drown, they drown.",
    ),
}

ROUNDS = {
    "10": (CIVIL, ABUSIVE),
    "11": (SOUTH_ASIAN_CIVIL, SOUTH_ASIAN_ABUSIVE),
    "14": (WORLD_CIVIL, WORLD_ABUSIVE),
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--round", choices=sorted(ROUNDS), default="10")
    civil, abusive = ROUNDS[parser.parse_args().round]
    rows = [
        (kind, category, text)
        for kind, table in (("civil", civil), ("abusive", abusive))
        for category, texts in table.items()
        for text in texts
    ]
    results = decisions([text for _, _, text in rows])
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    print(f"{'kind':8} {'category':22} right  decisions")
    for kind, table in (("civil", civil), ("abusive", abusive)):
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
