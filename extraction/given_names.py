"""Given names that tell a person's gender, for pronouns: 'Olha Bondarenko ... He says' is not her.

Feature copy introduces people by name and age only ('Olha Bondarenko, 58, runs the pharmacy'),
with no honorific or kin word, and then alternates 'he' and 'she' between two of them. Quote
extractors that report speakers' gender (GenderGapTracker) look given names up; this is a short
list of the names common in reporting on the war, in the spellings English-language outlets use
(Ukrainian, Russian and Belarusian transliterations, and the names of the European, American and
Turkish officials who speak about it). A name on neither list teaches nothing; names
used for both (Sasha, Andrea, Nikola) are on neither.
"""

from extraction.lexicon import words

FEMININE_GIVEN_NAMES: frozenset[str] = words(
    """
    alina alla alona anastasia anastasiia anna antonina daria dariia diana halyna hanna inna iryna
    kateryna khrystyna kira larysa liliia lilia liudmyla lyudmila lyudmyla maria mariia marina
    maryna nadiya nadiia nadia nadezhda natalia nataliia natalka natalya nina oksana olena olga olha
    oleksandra solomiia sofiia sofia svitlana svetlana tamara tatiana tatyana tetiana uliana ulyana
    valentyna valentina valeriia vera viktoriia victoria viktoria yana yelena yevheniia yulia
    yuliia zoryana zoia zoya ekaterina elena evgenia galina irina ksenia lyubov maya margarita
    polina raisa veronika yekaterina elvira
    agnieszka annalena beata ewa joanna katarzyna magdalena malgorzata marta
    kaja kristina kristi kersti liisa ingrida dalia agne ieva laura evika baiba sigrid
    ursula ulrike angela annegret christine claudia sabine petra heike karin
    emmanuelle segolene catherine brigitte anne isabelle nathalie sophie valerie
    giorgia elly roberta chiara federica
    kamala hillary nancy tulsi karoline marjorie elise amy susan
    yvette liz rachel priti theresa harriet claire sarah emma emily charlotte hannah helen
    jane kate lucy mary margaret elizabeth olivia sophia grace lisa julia natasha
    ionela maia ana dilek meral ayse fatma zeynep mette ylva ebba annika
    """
)

MASCULINE_GIVEN_NAMES: frozenset[str] = words(
    """
    andrii andriy andrey anatolii anatoliy arsen arseniy artem bohdan borys boris danylo denys
    denis dmytro dmitry dmitri fedir fyodor hennadii heorhii hlib ihor igor illia ilya ivan kyrylo
    kirill leonid maksym maxim mykhailo mikhail mykola nikolai nikolay oleh oleg oleksandr
    oleksii alexei alexey aleksandr ostap pavlo pavel petro pyotr roman ruslan rustem serhii
    serhiy sergei sergey sergiy stanislav stepan taras valerii valeriy vasyl vasily viktor
    vitalii vitaly vladimir volodymyr vadym vadim yaroslav yevhen yevgeny yurii yuri yury
    grigory konstantin kostiantyn marat ramzan sergii vyacheslav gennady nikita anton mykyta
    hryhorii petr alexander
    radoslaw andrzej donald karol tomasz krzysztof jaroslaw wladyslaw
    margus gabrielius edgars krisjanis gitanas arturas linas alar urmas
    olaf friedrich johann wolfgang armin markus lars jens ulf
    emmanuel stephane sebastien francois
    keir rishi david john james ben grant jonathan
    antonio matteo guido giuseppe mario sergio
    joe mike marco pete steve keith mark tom rick peter robert
    recep hakan mevlut ibrahim tayyip pedro
    """
)


GIVEN_NAMES = FEMININE_GIVEN_NAMES | MASCULINE_GIVEN_NAMES


def is_given_name(word: str) -> bool:
    """Whether a lone capitalised word is a given name on either list ('Denys', 'Nadiya')."""
    return word.lower() in GIVEN_NAMES
