"""Word lists the rules lean on: cue verbs, titles, role nouns and non-person proper nouns.

Kept in one place so that a rule's vocabulary can be read, reviewed and
extended without touching the rule. All entries are lowercase.
"""


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, as a set."""
    return frozenset(text.split())


# Verbs that introduce or close a quotation ("X said", "said X", "X told ...").
CUE_VERBS: frozenset[str] = words(
    """
    say says said saying tell tells told add adds added adding write writes wrote writing
    ask asks asked reply replies replied answered state stated declare declares declared
    insist insists insisted warn warns warned explain explains explained noted noting argue
    argues argued continued posted tweeted announce announces announced claimed acknowledged
    admitted conceded recalled urged described describing called dismissed thanked cautioned
    stressed emphasized emphasised suggested predicted vowed pledged promised complained joked
    quipped shouted chanted chanting repeated reiterated confirmed denied commented remarked
    observed concluded pointed mentioned accused demanded proposed welcomed praised criticised
    criticized assured responded boasted whispered recounted testified
    """
)

# Speech verbs that report what someone said: "Lavrov told reporters (that) Moscow ...".
# Verbs of thought ("believes", "hopes") are not reported speech.
REPORT_VERBS: frozenset[str] = words(
    """
    say says said tell tells told add adds added stress stresses stressed note notes noted
    insist insists insisted warn warns warned announce announces announced stated
    declare declares declared claim claims claimed argue argues argued explain explains
    explained indicate indicates indicated reports reported suggest suggests suggested
    confirm confirms confirmed deny denies denied acknowledge acknowledges acknowledged admit
    admits admitted concede concedes conceded emphasise emphasises emphasised emphasize
    emphasizes emphasized reiterate reiterates reiterated reply replies replied answer answers
    answered write writes wrote posted tweeted predict predicts predicted assure assures assured
    remind reminds reminded inform informs informed ask asks asked maintain maintains maintained
    contend contends contended allege alleges alleged recall recalls recalled complain complains
    complained conclude concludes concluded observe observes observed promise promises promised
    vow vows vowed agree agrees agreed remark remarks remarked assert asserts asserted affirm
    affirms affirmed underline underlines underlined underscore underscores underscored clarify
    clarifies clarified specify specifies specified mention mentions mentioned comment comments
    commented caution cautions cautioned
    """
)

# Speech verbs that take a bare clause ("said Moscow would ..."); the others need "that"
# ("announced that ...", never "announced its first projects").
BARE_CLAUSE_VERBS: frozenset[str] = words(
    """
    say says said tell tells told insist insists insisted warn warns warned claim claims claimed
    argue argues argued reports reported suggest suggests suggested predict predicts predicted
    assure assures assured ask asks asked announce announces announced indicate indicates
    indicated declare declares declared
    """
)

# Auxiliaries and modals: a bare clause after a speech verb has one ("said Moscow would ...").
AUXILIARIES: frozenset[str] = words(
    """
    is are was were be been has have had will would can could should must may might shall does
    do did can't won't isn't aren't wasn't weren't hasn't haven't hadn't wouldn't couldn't
    shouldn't doesn't don't didn't cannot
    """
)

# Speech verbs whose listener may sit between the verb and the content: "told reporters".
TELL_VERBS: frozenset[str] = words(
    "tell tells told assure assures assured remind reminds reminded inform informs informed "
    "warn warns warned ask asks asked"
)

# Participles that report more of what the sentence's speaker said: "..., adding that ...".
REPORT_PARTICIPLES: frozenset[str] = words(
    "saying adding noting insisting warning arguing claiming stressing explaining stating "
    "declaring suggesting telling"
)

# Words of time that may sit between a speech verb and bare content: "said Thursday Kyiv ...".
TIME_WORDS: frozenset[str] = words(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier
    later recently previously publicly privately separately also
    """
)

# Cue verbs that may come before their speaker: "... ," said Tatiana Orlova.
INVERTIBLE_CUES: frozenset[str] = words(
    """
    said says added asked replied wrote continued explained noted stressed insisted warned
    recalled answered argued cautioned declared emphasized emphasised observed remarked
    concluded pointed
    """
)

# Participles that borrow the subject of their clause: "..., saying Kyiv needed ...".
PARTICIPLE_CUES: frozenset[str] = words("saying adding writing noting describing chanting")

# Phrases that introduce an interview, with who comes first: "X interviewed Y" names the
# interviewer first, "Y answered questions from X" the interviewee. Longer phrases win over the
# shorter ones they contain ("was interviewed by" over "interviewed").
# Cues of a meeting that is an interview only when a journalist is in the sentence ("X, who reported
# ... for this newspaper, met him there"; "the minister met Rutte" is no interview).
MEETING_CUES: tuple[str, ...] = ("met",)
INTERVIEWER_FIRST_CUES: tuple[str, ...] = (
    "interviewed",
    "talked with",
    "talked to",
    "spoke with",
    "spoke to",
    "sat down with",
    "put questions to",
    *MEETING_CUES,
)
INTERVIEWEE_FIRST_CUES: tuple[str, ...] = (
    "was interviewed by",
    "were interviewed by",
    "interviewed by",
    "answered questions from",
    "answered questions of",
    "answered the questions of",
    "took questions from",
    "gave an interview to",
    "in conversation with",
    "in an interview with",
    "questions were put by",
    "questions were asked by",
    "interview was conducted by",
)

# Nouns for the people who ask the questions: "presenter Pavel Zarubin", "Olena Marchuk, a reporter".
JOURNALIST_NOUNS: frozenset[str] = words(
    "journalist reporter correspondent presenter host anchor editor interviewer columnist"
)

# Words of the first and second person: a transcript turn's own voice, never the narrator's.
FIRST_AND_SECOND_PERSON: frozenset[str] = words(  # not 'mine': in war reports it is a noun
    "i me my myself we us our ours ourselves you your yours yourself yourselves"
)

# Finite third-person speech verbs: a paragraph that uses one tells of a speaker, as narration
# does ("Later, Ushakov told journalists ..."), where a turn speaks for itself.
NARRATION_VERBS: frozenset[str] = words(
    """
    said says told tells added adds asked asks replied replies wrote writes stressed insisted
    warned warns explained announced stated declared remarked recalled answered
    """
)

# Transcript labels of whoever asks the questions: "QUESTION:", "Q:".
QUESTION_LABELS: frozenset[str] = words(
    "question q questioner interviewer journalist reporter correspondent audience"
)

# Words that end an attribution when they follow the cue verb ("said in a statement").
PREPOSITIONS: frozenset[str] = words(
    """
    of for at in on to with by from about between against after before during like than into
    onto over under across through towards toward among alongside near without within via
    despite until since upon per behind beyond inside outside around amid
    """
)

# Words that make a following noun a definite reference ("the minister", "Putin's spokesman").
DEFINITE_DETERMINERS: frozenset[str] = frozenset({"the"})
POSSESSIVE_DETERMINERS: frozenset[str] = words("his her their its our my your")

# Words that make a following noun an unnamed person ("a source", "one of the diplomats").
INDEFINITE_DETERMINERS: frozenset[str] = words(
    "a an one another two three four five several some many few dozens dozen most"
)

# Short words that may sit before a cue verb without being its subject.
ADVERBS_BEFORE_CUE: frozenset[str] = words(
    """
    also later then again simply quickly earlier previously repeatedly has have had was were
    once further finally only just
    """
)

# Capitalised words that begin sentences without being names.
FUNCTION_WORDS: frozenset[str] = words(
    """
    the a an and or but nor so yet if as at by in on of to for from with without about after
    before during since until while when where whether which who whom whose what why how that
    this these those there here it its he she they we you i me him her them us our their my
    your his one two three some many several most more less no not all any each every both
    either neither another such also however meanwhile still then thus even though although
    because unlike like despite across outside inside back asked speaking according among
    afterwards afterward
    earlier later today yesterday tomorrow tonight overall separately instead nearly almost
    last next first second third new old
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    """
)

# Lowercase particles inside names: Ursula von der Leyen, Charles de Gaulle.
NAME_PARTICLES: frozenset[str] = words("von van der den de da di du la le bin ibn al el ter")

# Titles and honorifics written before a name; they are dropped from the speaker's name.
TITLE_WORDS: frozenset[str] = (
    words(
        """
    president vice prime minister secretary secretary-general general gen foreign defence
    defense interior finance economy treasury state deputy chairman chairwoman chair speaker
    mayor governor gov commissioner chancellor ambassador envoy special spokesman spokeswoman
    spokesperson commander commander-in-chief chief head director director-general captain
    capt colonel col lieutenant lt major maj sergeant sgt admiral adm marshal senator sen
    representative rep congressman congresswoman judge justice prosecutor pope king queen prince
    princess sheikh emir sultan patriarch metropolitan cardinal archbishop bishop rabbi imam mufti
    rev father sister dr mr mrs ms mx sir dame lord rear
    prof professor premier leader aide adviser advisor parliamentary former acting interim press
    ombudsman energy health education culture agriculture transport infrastructure
    """
    )
    | JOURNALIST_NOUNS
)  # "Reporter Anna Kovalenko interviewed ...": a job written as a title

# Words that end the names of organisations and places rather than people.
ORGANISATION_WORDS: frozenset[str] = words(
    """
    house office ministry council commission committee agency department parliament rada duma
    kremlin government party union bank fund court army navy forces force command guard service
    services corporation company group institute university center centre foundation
    organisation organization alliance conference summit rights security assembly senate
    congress palace square street sea ocean river oblast region province district republic
    federation kingdom states nations independent times post news guardian telegraph journal
    herald tribune chronicle reuters platform network channel tv radio airport station plant
    hospital school church cathedral stadium bridge port terminal east west north south arabia
    principles trust day week one media press initiative programme program project fleet
    staff review weekly daily gazette magazine courier dispatch bulletin authority authorities
    headquarters administration embassy consulate mission delegation secretariat operator hub
    """
)

# Nouns for media that may stand right before their name: "media outlet Axios", "news agency Interfax".
MEDIA_NOUNS: frozenset[str] = words(
    "outlet newspaper agency broadcaster channel daily tabloid magazine publication website portal "
    "network paper"
)

# Proper nouns that speak in headlines but are not people ("Moscow said", "Kyiv says").
NON_PERSON_NAMES: frozenset[str] = words(
    """
    russia ukraine moscow kyiv kiev washington kremlin europe brussels london paris berlin
    beijing china turkey ankara istanbul warsaw poland germany france britain uk us u.s u.k usa
    america eu nato un iaea pentagon reuters ap afp bbc tass interfax ria telegram facebook x
    twitter instagram youtube cairo minsk geneva vienna tehran iran israel belarus crimea
    donbas donetsk luhansk kharkiv odesa zaporizhzhia kherson hungary slovakia budapest
    bratislava rome italy madrid spain japan tokyo india qatar doha riyadh saudi emirates
    nbc cnn cbs abc fox ukrinform rosatom energoatom gazprom naftogaz opec g7 g20 osce
    norway sweden finland denmark netherlands belgium austria switzerland canada australia
    estonia latvia lithuania romania bulgaria greece portugal ireland moldova georgia armenia
    azerbaijan kazakhstan
    """
)

# Nouns for people by role: heads of definite and indefinite references.
PERSON_NOUNS: frozenset[str] = words(
    """
    person president minister leader chief spokesman spokeswoman spokesperson official diplomat
    source ombudsman commissioner mayor governor secretary general chancellor envoy aide adviser
    advisor analyst expert commander officer soldier resident woman man boy girl mother father
    son daughter wife husband grandson granddaughter grandmother grandfather teacher doctor
    captain lawmaker legislator senator ambassador head director chairman chairwoman founder
    operator volunteer caller witness member infantryman teenager student pupil psychologist
    headteacher negotiator counterpart deputy premier king queen pope prince representative
    lawyer prosecutor judge activist worker engineer pilot nurse medic surgeon farmer trader
    executive economist researcher fellow professor historian journalist reporter interviewer
    correspondent editor speaker marine veteran prisoner survivor citizen mediator monitor
    inspector observer supervisor manager owner politician candidate deputy sergeant colonel
    lieutenant priest bishop patriarch neighbour neighbor friend colleague relative parent
    child ruler monarch dictator strongman chairperson director-general secretary-general
    commander-in-chief participant interlocutor insider businessman businesswoman billionaire
    oligarch tycoon blogger commentator pensioner retiree customer shopper passenger driver
    refugee evacuee baker shopkeeper vendor miner firefighter rescuer paramedic mechanic
    """
)

# Nouns for groups of people: "the crowd chanted", "residents said".
GROUP_NOUNS: frozenset[str] = words(
    """
    crowd people protesters demonstrators residents relatives officials diplomats sources
    analysts experts soldiers troops families villagers locals voters crowds men women children
    mourners supporters critics opponents lawmakers ministers leaders delegates sides pensioners
    customers shoppers passengers refugees evacuees campaigners activists volunteers
    """
)

# Nouns for written things that carry quoted words but are nobody's speech.
SIGN_NOUNS: frozenset[str] = words(
    """
    sign signs banner banners placard placards poster posters board boards graffiti slogan
    slogans inscription inscriptions drawing drawings words leaflet leaflets billboard
    billboards sticker stickers mural murals headline headlines caption statement note notes
    message messages letter letters chant chants
    """
)

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS: frozenset[str] = words(
    """
    mr mrs ms dr gov gen lt col sen rep st prof capt sgt maj adm rev jr sr no vs etc jan feb
    aug sept sep oct nov dec inc corp ltd
    """
)

# Words that tell a person's sex: honorifics, kin and role nouns (descriptors of a name mention or
# an apposition folded into it), and the pronouns that refer back to them.
FEMININE_WORDS: frozenset[str] = words(
    """
    ms mrs miss madam madame mme frau woman girl mother wife daughter sister grandmother
    granddaughter widow aunt niece spokeswoman chairwoman congresswoman businesswoman actress
    sister-in-law daughter-in-law mother-in-law nun
    """
)
MASCULINE_WORDS: frozenset[str] = words(
    """
    mr sir monsieur herr man boy father husband son brother grandfather grandson widower uncle
    nephew spokesman chairman congressman businessman actor brother-in-law son-in-law
    father-in-law priest monk
    """
)
FEMININE_PRONOUNS, MASCULINE_PRONOUNS = words("she her hers herself"), words("he him his himself")
