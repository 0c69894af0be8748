//! What an organisation does: the link between its name, areas, target groups and description.
//!
//! Each generated organisation draws one theme, so that a "Warsztat Terapii Zajęciowej" works
//! with people with disabilities and a social cooperative "Piernikowe Smaki" does catering.
//! Texts may use `{loc}` (the osiedle with its preposition, "na Rubinkowie") and `{gen}` (its
//! genitive, "Rubinkowa").

use crate::domain::organization::{Area, TargetGroup};

#[derive(Debug)]
pub struct Theme {
    /// The first `core_areas` areas are always given; the rest are optional extras.
    pub areas: &'static [Area],
    pub core_areas: usize,
    pub groups: &'static [TargetGroup],
    pub core_groups: usize,
    /// Who set the organisation up ("z inicjatywy …", genitive).
    pub founders: &'static [&'static str],
    /// Sentences about the work itself.
    pub activities: &'static [&'static str],
    /// Name cores after "Stowarzyszenie ".
    pub association: &'static [&'static str],
    /// Name cores after "Fundacja ".
    pub foundation: &'static [&'static str],
    /// Names in quotation marks typical for the theme.
    pub quoted: &'static [&'static str],
    /// Whether a name may end with the osiedle ("… na Podgórzu").
    pub local: bool,
}

use Area as A;
use TargetGroup as G;

pub const DISABILITY: Theme = Theme {
    areas: &[
        A::Disability,
        A::SocialAssistance,
        A::Education,
        A::Health,
        A::Culture,
    ],
    core_areas: 1,
    groups: &[G::Disabled, G::Families, G::Children, G::Youth],
    core_groups: 1,
    founders: &[
        "rodziców dzieci z niepełnosprawnościami",
        "rodziców i opiekunów osób z autyzmem",
        "terapeutów i pedagogów specjalnych",
        "osób z niepełnosprawnością ruchową i ich bliskich",
    ],
    activities: &[
        "Prowadzone są zajęcia rehabilitacyjne, terapia logopedyczna i integracja sensoryczna dla dzieci z niepełnosprawnościami.",
        "Rodzice mogą skorzystać z grup wsparcia, porad prawnych i pomocy w załatwianiu spraw urzędowych.",
        "Organizowane są turnusy rehabilitacyjne, wycieczki i zajęcia integracyjne z udziałem wolontariuszy.",
        "Dorośli podopieczni uczą się samodzielności w mieszkaniu treningowym, wspierani przez asystentów osobistych.",
        "W siedzibie działa wypożyczalnia sprzętu rehabilitacyjnego, z której mogą korzystać mieszkańcy Torunia.",
        "Ważną częścią pracy jest doradztwo w zakresie dostępności budynków i usuwanie barier architektonicznych.",
        "Zajęcia z hipoterapii i dogoterapii odbywają się przez cały rok, także w wakacje.",
    ],
    association: &[
        "na rzecz Osób z Niepełnosprawnością Intelektualną",
        "Rodziców i Opiekunów Dzieci z Autyzmem",
        "Pomocy Osobom Niepełnosprawnym",
        "Przyjaciół Osób Niewidomych i Słabowidzących",
        "Osób Niepełnosprawnych Ruchowo",
        "na rzecz Dzieci z Zespołem Downa",
        "Wspierania Osób Głuchych",
        "Integracji Osób Niepełnosprawnych",
    ],
    foundation: &[
        "Pomocy Dzieciom Niepełnosprawnym",
        "Rehabilitacji i Aktywizacji Osób z Niepełnosprawnościami",
        "na rzecz Osób z Autyzmem",
        "Wspierania Samodzielności Osób z Niepełnosprawnościami",
        "Terapii i Rozwoju Dziecka",
    ],
    quoted: &[
        "Promyk",
        "Jestem Obok",
        "Motylek",
        "Tacy Sami",
        "Bez Barier",
        "Krok po Kroku",
        "Uśmiech Dziecka",
        "Światełko",
        "Dotyk",
        "Równe Szanse",
    ],
    local: false,
};

pub const SENIORS: Theme = Theme {
    areas: &[
        A::Seniors,
        A::Culture,
        A::Health,
        A::Education,
        A::SocialAssistance,
    ],
    core_areas: 1,
    groups: &[G::Seniors, G::Residents],
    core_groups: 1,
    founders: &[
        "emerytowanych nauczycieli",
        "słuchaczy uniwersytetu trzeciego wieku",
        "seniorów z {gen}",
        "członków osiedlowego klubu seniora",
    ],
    activities: &[
        "Seniorzy spotykają się dwa razy w tygodniu w klubie {loc}, gdzie czekają na nich zajęcia ruchowe, warsztaty komputerowe i kawiarenka.",
        "Prowadzone są wykłady, kursy języków obcych i zajęcia z obsługi smartfona dla osób po sześćdziesiątce.",
        "Wolontariusze odwiedzają samotne osoby starsze, pomagają w zakupach i w drodze do lekarza.",
        "Działa chór seniorów, koło teatralne oraz grupa nordic walking, która spaceruje bulwarem nad Wisłą.",
        "Członkowie biorą udział w wycieczkach krajoznawczych i spotkaniach z klubami seniora z innych miast.",
        "Głównym celem jest przeciwdziałanie samotności i wykluczeniu cyfrowemu osób starszych.",
    ],
    association: &[
        "Aktywnych Seniorów",
        "Seniorów",
        "Emerytów i Rencistów",
        "na rzecz Seniorów",
        "Międzypokoleniowe",
        "Uniwersytet Trzeciego Wieku",
    ],
    foundation: &[
        "Pomocy Osobom Starszym",
        "Złotego Wieku",
        "na rzecz Seniorów",
        "Dialogu Pokoleń",
    ],
    quoted: &[
        "Złota Jesień",
        "Wrzos",
        "Srebrny Wiek",
        "Babie Lato",
        "Pogodna Jesień",
        "Seniorada",
        "Kawiarenka pod Lipą",
    ],
    local: true,
};

pub const CHILDREN_YOUTH: Theme = Theme {
    areas: &[
        A::ChildrenYouth,
        A::Education,
        A::Culture,
        A::Sport,
        A::SocialAssistance,
    ],
    core_areas: 1,
    groups: &[G::Children, G::Youth, G::Families],
    core_groups: 1,
    founders: &[
        "pedagogów i wychowawców świetlic",
        "rodziców uczniów szkół {gen}",
        "animatorów pracy z młodzieżą",
        "studentów pedagogiki UMK",
    ],
    activities: &[
        "Prowadzona jest świetlica środowiskowa, w której dzieci z {gen} odrabiają lekcje, jedzą ciepły posiłek i spędzają czas z wychowawcami.",
        "W czasie ferii i wakacji organizowane są półkolonie oraz wyjazdy dla dzieci z rodzin o niskich dochodach.",
        "Streetworkerzy docierają do młodzieży spędzającej czas na osiedlowych podwórkach i zachęcają ją do udziału w zajęciach.",
        "Młodzież uczestniczy w warsztatach filmowych, fotograficznych i dziennikarskich, a efekty pracy pokazuje na corocznym przeglądzie.",
        "Dzieci mogą korzystać z bezpłatnych korepetycji z matematyki i języka angielskiego prowadzonych przez wolontariuszy.",
        "Realizowane są programy profilaktyczne w toruńskich szkołach podstawowych.",
    ],
    association: &[
        "na rzecz Dzieci i Młodzieży",
        "Przyjaciół Dzieci",
        "Pomocy Dzieciom",
        "Młodzieżowe Centrum Inicjatyw",
        "Wspierania Edukacji Dzieci",
    ],
    foundation: &[
        "Rozwoju Dzieci i Młodzieży",
        "Pomocy Dzieciom",
        "Edukacji Młodzieży",
        "Wspierania Rodzin i Dzieci",
    ],
    quoted: &[
        "Iskierka",
        "Podwórko",
        "Tęcza",
        "Dobry Start",
        "Pierwszy Krok",
        "Skrzydła",
        "Świetlik",
        "Bajka",
        "Kolorowy Świat",
    ],
    local: true,
};

pub const CULTURE: Theme = Theme {
    areas: &[
        A::Culture,
        A::Education,
        A::LocalDevelopment,
        A::ChildrenYouth,
    ],
    core_areas: 1,
    groups: &[G::Residents, G::Youth, G::Children, G::Seniors],
    core_groups: 1,
    founders: &[
        "toruńskich artystów i animatorów kultury",
        "absolwentów Wydziału Sztuk Pięknych UMK",
        "miłośników historii Torunia",
        "muzyków amatorów",
    ],
    activities: &[
        "Organizowane są koncerty, wystawy i spotkania autorskie, często w kamienicach i na podwórkach Starego Miasta.",
        "Co roku przygotowywany jest przegląd teatrów amatorskich, w którym biorą udział grupy z całego regionu.",
        "Prowadzone są warsztaty ceramiki, grafiki i fotografii otwarte dla wszystkich mieszkańców.",
        "Dokumentowana jest historia {gen}: zbierane są stare fotografie, wspomnienia mieszkańców i pamiątki rodzinne.",
        "Działa amatorska grupa teatralna oraz chór, które występują podczas miejskich uroczystości.",
        "Wydawane są książki i przewodniki poświęcone dziedzictwu Torunia i tradycjom flisackim.",
    ],
    association: &[
        "Kulturalne",
        "Miłośników Teatru",
        "Przyjaciół Muzyki Dawnej",
        "Twórców Kultury",
        "Animatorów Kultury",
        "Historyczne",
        "Miłośników Fotografii",
    ],
    foundation: &[
        "Kultury i Sztuki",
        "Sztuki Współczesnej",
        "Ochrony Dziedzictwa Kulturowego",
        "Animacji Kultury",
        "Muzyki i Teatru",
    ],
    quoted: &[
        "Ćwierćnuta",
        "Flisak",
        "Zakole",
        "Scena",
        "Kamienica",
        "Paleta",
        "Muzy",
        "Pod Krzywą Wieżą",
        "Czwarta Ściana",
        "Piernikowy Szlak",
    ],
    local: true,
};

pub const SPORT: Theme = Theme {
    areas: &[A::Sport, A::ChildrenYouth, A::Health],
    core_areas: 1,
    groups: &[G::Children, G::Youth, G::Residents],
    core_groups: 1,
    founders: &[
        "byłych zawodników i trenerów",
        "rodziców młodych sportowców",
        "miłośników biegania",
        "nauczycieli wychowania fizycznego",
    ],
    activities: &[
        "Treningi dla dzieci i młodzieży odbywają się kilka razy w tygodniu w szkolnych halach {loc}.",
        "Zawodnicy startują w rozgrywkach ligowych i turniejach wojewódzkich, a najlepsi trafiają do kadry regionu.",
        "Organizowane są biegi uliczne, rajdy rowerowe i rodzinne pikniki sportowe.",
        "Zajęcia prowadzą trenerzy z uprawnieniami, a dzieci z rodzin o niskich dochodach trenują bezpłatnie.",
        "Każdego lata odbywa się obóz sportowy nad jeziorem oraz turniej dla drużyn podwórkowych.",
        "Prowadzone są zajęcia ogólnorozwojowe dla przedszkolaków i grupy dla dorosłych amatorów.",
    ],
    association: &[
        "Kultury Fizycznej",
        "Sportowe",
        "Krzewienia Kultury Fizycznej",
        "Miłośników Biegania",
        "Turystyki Rowerowej",
        "Sportu Dzieci i Młodzieży",
    ],
    foundation: &[
        "Rozwoju Sportu",
        "Wspierania Sportu Młodzieżowego",
        "Aktywności Fizycznej",
        "Zdrowia i Sportu",
    ],
    quoted: &[
        "Start", "Olimp", "Sprint", "Meta", "Forma", "Aktywni", "Żak",
    ],
    local: true,
};

pub const ENVIRONMENT: Theme = Theme {
    areas: &[A::Environment, A::Education, A::LocalDevelopment],
    core_areas: 1,
    groups: &[G::Residents, G::Children, G::Youth],
    core_groups: 1,
    founders: &[
        "przyrodników z UMK",
        "mieszkańców dbających o zieleń {gen}",
        "działkowców i ogrodników",
        "miłośników przyrody doliny dolnej Wisły",
    ],
    activities: &[
        "Prowadzone są zajęcia edukacji ekologicznej dla przedszkoli i szkół, także w terenie: nad Wisłą i w lasach Barbarki.",
        "Wolontariusze sprzątają brzegi Wisły i Strugi Toruńskiej oraz sadzą drzewa na osiedlach.",
        "Zakładane są ogrody społeczne, w których sąsiedzi wspólnie uprawiają warzywa i zioła.",
        "Organizowane są wymiany ubrań, kawiarenki naprawcze i inne działania na rzecz ograniczania odpadów.",
        "Członkowie monitorują stan zieleni miejskiej i przekazują swoje uwagi miejskim służbom.",
        "Przygotowywane są budki lęgowe dla ptaków i nietoperzy oraz łąki kwietne dla owadów zapylających.",
    ],
    association: &[
        "Ekologiczne",
        "Ochrony Przyrody Doliny Wisły",
        "Miłośników Zieleni Miejskiej",
        "na rzecz Zrównoważonego Rozwoju",
        "Ogrodów Społecznych",
    ],
    foundation: &[
        "Ochrony Środowiska",
        "Edukacji Ekologicznej",
        "Ekorozwoju",
        "Ochrony Przyrody",
    ],
    quoted: &[
        "Zielona Ścieżka",
        "Wierzba",
        "Łąka",
        "Żuraw",
        "Ekosfera",
        "Bocian",
        "Kwiat Lipy",
    ],
    local: true,
};

pub const LOCAL_DEVELOPMENT: Theme = Theme {
    areas: &[A::LocalDevelopment, A::Culture, A::Education],
    core_areas: 1,
    groups: &[G::Residents, G::Ngos, G::Families],
    core_groups: 1,
    founders: &[
        "mieszkańców {gen}",
        "członków rady okręgu i ich sąsiadów",
        "lokalnych liderów i przedsiębiorców",
    ],
    activities: &[
        "Organizowane są festyny sąsiedzkie, debaty o przyszłości {gen} i spotkania z radnymi.",
        "Mieszkańcy otrzymują pomoc w przygotowaniu projektów do budżetu obywatelskiego Torunia.",
        "Prowadzony jest dom sąsiedzki, w którym działają kluby zainteresowań, kawiarenka i punkt informacyjny.",
        "Wydawana jest osiedlowa gazetka z informacjami o wydarzeniach {loc}.",
        "Działania skupiają się na odnowie podwórek, zieleni i wspólnych przestrzeni {gen}.",
    ],
    association: &[
        "Mieszkańców {gen}",
        "Przyjaciół {gen}",
        "na rzecz Rozwoju {gen}",
        "Inicjatyw Obywatelskich",
        "Aktywnych Obywateli",
    ],
    foundation: &[
        "Rozwoju Lokalnego",
        "Aktywności Obywatelskiej",
        "Rozwoju {gen}",
        "Inicjatyw Sąsiedzkich",
    ],
    quoted: &[
        "Sąsiedzi",
        "Dobry Sąsiad",
        "Razem",
        "Wspólna Sprawa",
        "Łącznik",
        "Nasze Osiedle",
    ],
    local: true,
};

pub const ADDICTION: Theme = Theme {
    areas: &[A::Addiction, A::Health, A::SocialAssistance],
    core_areas: 1,
    groups: &[G::Addicted, G::Families, G::Youth, G::Excluded],
    core_groups: 1,
    founders: &[
        "osób wychodzących z uzależnień i ich rodzin",
        "terapeutów uzależnień",
        "członków ruchu trzeźwościowego",
    ],
    activities: &[
        "Prowadzony jest klub abstynenta, w którym odbywają się mityngi, grupy wsparcia i spotkania integracyjne.",
        "Terapeuci udzielają bezpłatnych porad osobom uzależnionym i współuzależnionym.",
        "Realizowane są programy profilaktyczne dla młodzieży dotyczące alkoholu, narkotyków i hazardu.",
        "Organizowane są trzeźwe zabawy, wyjazdy rodzinne i obozy terapeutyczne.",
        "Po zakończeniu terapii uczestnicy mogą zamieszkać w mieszkaniu readaptacyjnym i otrzymać pomoc w szukaniu pracy.",
    ],
    association: &[
        "Trzeźwościowe",
        "Abstynentów",
        "Przeciwdziałania Uzależnieniom",
        "Rodzin Abstynenckich",
        "Profilaktyki i Terapii Uzależnień",
    ],
    foundation: &[
        "Profilaktyki Uzależnień",
        "Pomocy Osobom Uzależnionym",
        "Terapii Uzależnień",
        "Trzeźwego Życia",
    ],
    quoted: &[
        "Źródło",
        "Nowa Droga",
        "Przystań",
        "Drogowskaz",
        "Latarnia",
        "Krok Dalej",
    ],
    local: false,
};

pub const HOMELESSNESS: Theme = Theme {
    areas: &[A::SocialAssistance, A::Health, A::Addiction],
    core_areas: 1,
    groups: &[G::Homeless, G::Excluded, G::Addicted],
    core_groups: 1,
    founders: &[
        "wolontariuszy pomagających osobom bezdomnym",
        "pracowników socjalnych",
        "osób związanych z duszpasterstwem akademickim",
    ],
    activities: &[
        "Wydawane są ciepłe posiłki, odzież i środki higieniczne dla osób w kryzysie bezdomności.",
        "Zimą streetworkerzy odwiedzają miejsca, w których nocują osoby bezdomne, i pomagają im trafić do noclegowni.",
        "Prowadzona jest łaźnia i punkt pomocy doraźnej, a także pomoc w odzyskaniu dokumentów i uprawnień.",
        "Uczestnicy programu wychodzenia z bezdomności otrzymują wsparcie w znalezieniu mieszkania i pracy.",
        "Działa jadłodzielnia, do której mieszkańcy i sklepy przekazują żywność, zamiast ją wyrzucać.",
    ],
    association: &[
        "Pomocy Osobom Bezdomnym",
        "Wzajemnej Pomocy",
        "na rzecz Osób w Kryzysie Bezdomności",
        "Pomocy Społecznej",
    ],
    foundation: &[
        "Pomocy Bezdomnym",
        "Wychodzenia z Bezdomności",
        "Solidarności Społecznej",
    ],
    quoted: &[
        "Dach nad Głową",
        "Ciepły Kąt",
        "Otwarte Drzwi",
        "Arka",
        "Przystań",
        "Dobry Samarytanin",
    ],
    local: false,
};

pub const LABOUR_MARKET: Theme = Theme {
    areas: &[A::LabourMarket, A::SocialAssistance, A::Education],
    core_areas: 1,
    groups: &[
        G::Unemployed,
        G::Excluded,
        G::Disabled,
        G::FormerPrisoners,
        G::Youth,
    ],
    core_groups: 1,
    founders: &[
        "doradców zawodowych i trenerów",
        "pracodawców z regionu",
        "osób, które same wyszły z długotrwałego bezrobocia",
    ],
    activities: &[
        "Uczestnicy korzystają z doradztwa zawodowego, kursów i płatnych staży u lokalnych pracodawców.",
        "Prowadzone są warsztaty kompetencji społecznych, pisania CV i przygotowania do rozmowy kwalifikacyjnej.",
        "Organizacja pośredniczy w zatrudnianiu osób długotrwale bezrobotnych i pomaga im utrzymać pracę.",
        "Realizowane są projekty współfinansowane z Europejskiego Funduszu Społecznego, skierowane do osób zagrożonych wykluczeniem.",
        "Osoby opuszczające zakłady karne otrzymują wsparcie trenera pracy i pomoc w powrocie na rynek pracy.",
        "Współpraca z Powiatowym Urzędem Pracy w Toruniu pozwala kierować uczestników na szkolenia zawodowe.",
    ],
    association: &[
        "na rzecz Aktywizacji Zawodowej",
        "Wspierania Przedsiębiorczości",
        "Pomocy Osobom Bezrobotnym",
        "Integracji Społecznej i Zawodowej",
    ],
    foundation: &[
        "Aktywizacji Zawodowej",
        "Rozwoju Przedsiębiorczości Społecznej",
        "Rozwoju Kompetencji",
        "Równych Szans na Rynku Pracy",
    ],
    quoted: &[
        "Most",
        "Szansa",
        "Krok Dalej",
        "Nowy Start",
        "Pomost",
        "Perspektywa",
        "Kompas",
    ],
    local: false,
};

pub const HEALTH: Theme = Theme {
    areas: &[A::Health, A::SocialAssistance, A::Education, A::Seniors],
    core_areas: 1,
    groups: &[G::Residents, G::Seniors, G::Families, G::Disabled],
    core_groups: 1,
    founders: &[
        "lekarzy i pielęgniarek",
        "pacjentów i ich rodzin",
        "osób po leczeniu onkologicznym",
    ],
    activities: &[
        "Prowadzone są bezpłatne badania profilaktyczne i kampanie promujące zdrowy styl życia.",
        "Chorzy i ich bliscy mogą liczyć na wsparcie psychologa, dietetyka i grupy wsparcia.",
        "Wolontariusze hospicyjni towarzyszą chorym w domach i na oddziałach toruńskich szpitali.",
        "Organizowane są szkolenia z pierwszej pomocy dla szkół, firm i mieszkańców.",
        "Działa wypożyczalnia sprzętu medycznego, z której korzystają osoby po zabiegach i przewlekle chore.",
    ],
    association: &[
        "Chorych na Stwardnienie Rozsiane",
        "Diabetyków",
        "Osób po Mastektomii",
        "Pacjentów Onkologicznych",
        "Honorowych Dawców Krwi",
        "Promocji Zdrowia",
    ],
    foundation: &[
        "Promocji Zdrowia",
        "Pomocy Chorym",
        "Opieki Paliatywnej",
        "Profilaktyki Zdrowotnej",
        "Zdrowia Psychicznego",
    ],
    quoted: &[
        "Nadzieja",
        "Zdrowie",
        "Serce",
        "Oddech",
        "Światło",
        "Dobre Słowo",
    ],
    local: false,
};

pub const MIGRANTS: Theme = Theme {
    areas: &[A::SocialAssistance, A::Education, A::Culture],
    core_areas: 1,
    groups: &[G::Migrants, G::Families, G::Children],
    core_groups: 1,
    founders: &[
        "cudzoziemców mieszkających w Toruniu",
        "nauczycieli języka polskiego jako obcego",
        "wolontariuszy pomagających uchodźcom z Ukrainy",
    ],
    activities: &[
        "Prowadzone są bezpłatne kursy języka polskiego dla dorosłych i zajęcia wyrównawcze dla dzieci cudzoziemców.",
        "W punkcie informacyjnym cudzoziemcy otrzymują pomoc w legalizacji pobytu, zatrudnieniu i sprawach urzędowych.",
        "Organizowane są spotkania międzykulturowe, wspólne gotowanie i wieczory z muzyką z różnych krajów.",
        "Asystenci międzykulturowi wspierają szkoły, do których chodzą dzieci z doświadczeniem migracji.",
    ],
    association: &[
        "Wspierania Cudzoziemców",
        "Integracji Międzykulturowej",
        "na rzecz Migrantów i Uchodźców",
        "Dialogu Międzykulturowego",
    ],
    foundation: &[
        "Integracji Cudzoziemców",
        "Dialogu Międzykulturowego",
        "Pomocy Migrantom",
        "Różnorodności",
    ],
    quoted: &["Most", "Wspólny Stół", "Przyjazne Miasto", "Bliżej", "Dom"],
    local: false,
};

pub const CATERING: Theme = Theme {
    areas: &[A::Catering, A::LabourMarket, A::Crafts],
    core_areas: 1,
    groups: &[G::Unemployed, G::Excluded, G::Residents, G::Disabled],
    core_groups: 1,
    founders: &[
        "absolwentów centrum integracji społecznej",
        "kucharzy i cukierników z wieloletnim doświadczeniem",
        "osób, które straciły pracę w gastronomii",
    ],
    activities: &[
        "W ofercie jest catering na konferencje, szkolenia i uroczystości rodzinne, obiady abonamentowe oraz ciasta na zamówienie.",
        "Wypiekane są toruńskie pierniki według tradycyjnych receptur, także z logo zamawiającego.",
        "Kuchnia przygotowuje posiłki dla szkół, przedszkoli i uczestników projektów realizowanych przez miasto.",
        "Prowadzony jest bar z domowymi obiadami {loc}, w którym pracują osoby wcześniej długo pozostające bez pracy.",
        "Przygotowywane są poczęstunki na spotkania wigilijne, konferencje i wydarzenia plenerowe.",
    ],
    association: &["Kulinarne", "Tradycji Kulinarnych"],
    foundation: &["Kuchni Regionalnej", "Ekonomii Społecznej"],
    quoted: &[
        "Piernikowe Smaki",
        "Smaki Kujaw",
        "Domowy Obiad",
        "Pod Wspólnym Garnkiem",
        "Kuchnia Pełna Smaku",
        "Smaczny Toruń",
        "Złota Łyżka",
        "Cukiernia u Flisaka",
        "Pełny Talerz",
        "Żurawinowy Ogród",
    ],
    local: true,
};

pub const CLEANING: Theme = Theme {
    areas: &[A::Cleaning, A::Environment, A::LabourMarket],
    core_areas: 1,
    groups: &[G::Unemployed, G::Excluded, G::Disabled],
    core_groups: 1,
    founders: &[
        "osób długotrwale bezrobotnych",
        "absolwentów centrum integracji społecznej",
    ],
    activities: &[
        "Świadczone są usługi sprzątania biur, klatek schodowych i terenów wokół budynków.",
        "Zespół pielęgnuje tereny zielone: kosi trawniki, przycina żywopłoty, a zimą odśnieża chodniki.",
        "Wśród klientów są wspólnoty mieszkaniowe, firmy i jednostki miejskie stosujące klauzule społeczne w zamówieniach.",
        "Pracownicy przechodzą szkolenia z obsługi profesjonalnego sprzętu i zasad bezpieczeństwa pracy.",
    ],
    association: &["na rzecz Czystego Otoczenia"],
    foundation: &["Zielonego Otoczenia"],
    quoted: &[
        "Czysty Dom",
        "Ład i Porządek",
        "Zielony Zakątek",
        "Błysk",
        "Pracowita Pszczółka",
        "Zielona Ręka",
        "Lśniące Okna",
    ],
    local: false,
};

pub const CONSTRUCTION: Theme = Theme {
    areas: &[A::Construction, A::LabourMarket],
    core_areas: 1,
    groups: &[G::Unemployed, G::FormerPrisoners, G::Excluded],
    core_groups: 1,
    founders: &[
        "doświadczonych fachowców budowlanych",
        "uczestników programu reintegracji zawodowej",
    ],
    activities: &[
        "Wykonywane są remonty mieszkań, malowanie, układanie płytek i drobne prace budowlane.",
        "Ekipa remontowa odnawia lokale komunalne i pomieszczenia organizacji pozarządowych.",
        "Brygady pracują pod nadzorem doświadczonych majstrów, którzy przyuczają nowych pracowników do zawodu.",
        "Realizowane są zamówienia publiczne z klauzulą społeczną, m.in. na usługi budowlane dla miasta.",
    ],
    association: &["Rzemieślników Budowlanych"],
    foundation: &["Odnowy Kamienic"],
    quoted: &[
        "Złota Rączka",
        "Fachowcy",
        "Nasz Dom",
        "Solidna Robota",
        "Cegła",
        "Remontownia",
    ],
    local: false,
};

pub const CRAFTS: Theme = Theme {
    areas: &[A::Crafts, A::Culture, A::LabourMarket],
    core_areas: 1,
    groups: &[G::Disabled, G::Seniors, G::Unemployed, G::Excluded],
    core_groups: 1,
    founders: &[
        "rękodzielników i artystów ludowych",
        "osób szukających pracy w rzemiośle",
    ],
    activities: &[
        "W pracowni powstają ręcznie szyte torby, zabawki, ceramika i dekoracje, sprzedawane na kiermaszach i w sklepie internetowym.",
        "Wykonywane są upominki firmowe i okolicznościowe, m.in. ozdoby z motywem toruńskiego piernika.",
        "Szwalnia przyjmuje zlecenia na krótkie serie odzieży roboczej i tekstyliów.",
        "Wyroby można kupić na Targach Ekonomii Społecznej i jarmarkach na Rynku Staromiejskim.",
        "Introligatornia przygotowuje zaproszenia, notesy i materiały promocyjne na zamówienie.",
    ],
    association: &["Twórców Ludowych", "Rękodzielników"],
    foundation: &["Rzemiosła Artystycznego"],
    quoted: &[
        "Ścieg",
        "Rękodzieło Toruńskie",
        "Pracownia Marzeń",
        "Glina i Drewno",
        "Nitka",
        "Dobre Ręce",
        "Zakładka",
    ],
    local: false,
};

pub const NGO_SUPPORT: Theme = Theme {
    areas: &[A::LocalDevelopment, A::Education, A::LabourMarket],
    core_areas: 1,
    groups: &[G::Ngos, G::Residents],
    core_groups: 1,
    founders: &[
        "liderów toruńskich organizacji pozarządowych",
        "trenerów i doradców trzeciego sektora",
    ],
    activities: &[
        "Organizacje pozarządowe mogą skorzystać z bezpłatnego doradztwa prawnego, księgowego i pomocy w pisaniu wniosków o dotacje.",
        "Prowadzone są szkolenia z zarządzania projektami, rozliczania dotacji i promocji działań społecznych.",
        "Inkubator udostępnia młodym organizacjom adres siedziby, salę spotkań i sprzęt biurowy.",
        "Wspierane jest zakładanie spółdzielni socjalnych i rozwój działalności gospodarczej organizacji.",
    ],
    association: &[
        "Wspierania Organizacji Pozarządowych",
        "Centrum Wolontariatu",
        "Rozwoju Społeczeństwa Obywatelskiego",
    ],
    foundation: &[
        "Rozwoju Przedsiębiorczości Społecznej",
        "Wspierania Inicjatyw Społecznych",
        "Rozwoju Trzeciego Sektora",
        "Ekonomii Społecznej",
    ],
    quoted: &["Most", "Inkubator", "Pomost", "Synergia", "Sieć", "Łącznik"],
    local: false,
};

pub const FAMILIES: Theme = Theme {
    areas: &[A::SocialAssistance, A::ChildrenYouth, A::Education],
    core_areas: 1,
    groups: &[G::Families, G::Children, G::Youth, G::Excluded],
    core_groups: 1,
    founders: &[
        "rodziców zastępczych",
        "pedagogów i psychologów rodzinnych",
        "rodzin wielodzietnych",
    ],
    activities: &[
        "Rodziny mogą skorzystać z bezpłatnych konsultacji psychologicznych, mediacji i warsztatów dla rodziców.",
        "Wspierane są rodziny zastępcze i placówki opiekuńcze, m.in. poprzez szkolenia i pomoc wolontariuszy.",
        "Organizowane są zbiórki żywności, odzieży i wyprawek szkolnych dla rodzin w trudnej sytuacji.",
        "Prowadzony jest punkt interwencji kryzysowej dla osób doznających przemocy w rodzinie.",
        "Rodziny wielodzietne otrzymują pomoc w korzystaniu z Karty Dużej Rodziny i miejskich programów wsparcia.",
    ],
    association: &[
        "Pomocy Rodzinie",
        "Rodzin Wielodzietnych",
        "na rzecz Rodzinnej Pieczy Zastępczej",
        "Wspierania Rodziny",
    ],
    foundation: &[
        "Pomocy Rodzinie",
        "Wspierania Rodzin",
        "Przeciwdziałania Przemocy w Rodzinie",
        "Rodzinnej Pieczy Zastępczej",
    ],
    quoted: &[
        "Ognisko",
        "Gniazdo",
        "Bezpieczna Przystań",
        "Rodzina",
        "Jaskółka",
    ],
    local: true,
};

pub const RURAL: Theme = Theme {
    areas: &[A::Culture, A::LocalDevelopment, A::Catering, A::Crafts],
    core_areas: 1,
    groups: &[G::Residents, G::Seniors, G::Families],
    core_groups: 1,
    founders: &["mieszkanek {gen}", "gospodyń z {gen}"],
    activities: &[
        "Panie z koła kultywują tradycje kulinarne regionu: lepią pierogi, pieką ciasta i przygotowują przetwory na festyny.",
        "Koło uczestniczy w dożynkach, jarmarkach i festynach, gdzie prezentuje wieńce i rękodzieło.",
        "Organizowane są warsztaty rękodzieła, wspólne wyjazdy i spotkania z okazji świąt.",
        "Członkinie dbają o lokalne zwyczaje i wspierają szkołę oraz parafię {loc}.",
    ],
    association: &[],
    foundation: &[],
    quoted: &[
        "Złote Kłosy",
        "Nadwiślanki",
        "Kujawianki",
        "Malwy",
        "Jarzębina",
        "Słoneczniki",
        "Stokrotki",
        "Niezapominajki",
        "Kalina",
        "Wiklina",
        "Polne Kwiaty",
        "Maki",
        "Chabry",
        "Bławatki",
        "Sąsiadki",
        "Radosne Gospodynie",
        "Kaczeńce",
        "Rumianki",
        "Jaśminy",
        "Wrzosowianki",
        "Zielone Wzgórze",
        "Kłosy",
        "Dobre Gospodynie",
    ],
    local: true,
};

pub const CARE: Theme = Theme {
    areas: &[A::SocialAssistance, A::Seniors, A::Disability, A::Health],
    core_areas: 1,
    groups: &[G::Seniors, G::Disabled, G::Families],
    core_groups: 1,
    founders: &[
        "opiekunek i pielęgniarek środowiskowych",
        "osób opiekujących się bliskimi",
    ],
    activities: &[
        "Świadczone są usługi opiekuńcze w domach osób starszych i niesamodzielnych, także na zlecenie Miejskiego Ośrodka Pomocy Rodzinie.",
        "Opiekunki pomagają w codziennych czynnościach, robią zakupy i towarzyszą podopiecznym w wizytach u lekarza.",
        "Prowadzony jest dzienny dom pobytu dla seniorów z posiłkami, zajęciami ruchowymi i opieką pielęgniarską.",
        "Rodziny opiekujące się bliskimi mogą skorzystać z opieki wytchnieniowej.",
    ],
    association: &["Opieki Domowej"],
    foundation: &["Opieki nad Osobami Niesamodzielnymi"],
    quoted: &[
        "Dobre Ręce",
        "Pomocna Dłoń",
        "Opiekun",
        "Bliżej Ciebie",
        "Spokojna Przystań",
        "Troska",
    ],
    local: true,
};

/// Social and vocational reintegration in a centre of social integration (CIS).
pub const REINTEGRATION: Theme = Theme {
    areas: &[
        A::LabourMarket,
        A::SocialAssistance,
        A::Catering,
        A::Cleaning,
        A::Construction,
    ],
    core_areas: 1,
    groups: &[
        G::Unemployed,
        G::Excluded,
        G::Homeless,
        G::Addicted,
        G::FormerPrisoners,
    ],
    core_groups: 2,
    founders: &[],
    activities: &[
        "Uczestnicy przez kilka miesięcy zdobywają doświadczenie w warsztatach: gastronomicznym, remontowo-budowlanym i porządkowym.",
        "Program reintegracji obejmuje pracę z psychologiem, doradcą zawodowym i terapeutą uzależnień.",
        "Po zakończeniu zajęć uczestnicy otrzymują pomoc w znalezieniu zatrudnienia, często w spółdzielniach socjalnych.",
        "W trakcie programu reintegracji uczestnicy otrzymują świadczenie integracyjne i są objęci ubezpieczeniem.",
    ],
    association: &[],
    foundation: &[],
    quoted: &[
        "Szansa",
        "Nowy Start",
        "Krok Dalej",
        "Pomost",
        "Drugi Oddech",
        "Przełom",
    ],
    local: true,
};

/// A club of social integration (KIS): lighter support close to home.
pub const INTEGRATION_CLUB: Theme = Theme {
    areas: &[A::LabourMarket, A::SocialAssistance, A::Education],
    core_areas: 1,
    groups: &[G::Unemployed, G::Excluded, G::Homeless, G::Addicted],
    core_groups: 2,
    founders: &[],
    activities: &[
        "Prowadzone są grupy wsparcia, warsztaty aktywizujące i poradnictwo dla osób korzystających z pomocy społecznej.",
        "Uczestnicy wykonują prace społecznie użyteczne na rzecz osiedla, co pomaga im wrócić do rytmu pracy.",
        "Doradca zawodowy i psycholog pomagają zaplanować powrót na rynek pracy lub dokończenie nauki.",
        "Osoby chcące pracować razem otrzymują pomoc w założeniu spółdzielni socjalnej.",
        "Spotkania odbywają się w małych grupach, blisko miejsca zamieszkania uczestników.",
    ],
    association: &[],
    foundation: &[],
    quoted: &[
        "Szansa",
        "Nowy Start",
        "Krok Dalej",
        "Pomost",
        "Drogowskaz",
        "Sąsiedzka Dłoń",
    ],
    local: true,
};

/// Occupational therapy workshops (WTZ).
pub const THERAPY: Theme = Theme {
    areas: &[A::Disability, A::SocialAssistance, A::Crafts, A::Culture],
    core_areas: 1,
    groups: &[G::Disabled],
    core_groups: 1,
    founders: &[],
    activities: &[
        "Uczestnicy rozwijają umiejętności w pracowniach: gospodarstwa domowego, ceramicznej, stolarskiej, komputerowej i ogrodniczej.",
        "Terapia zajęciowa przygotowuje dorosłe osoby z niepełnosprawnościami do samodzielnego życia i podjęcia pracy.",
        "Prace uczestników można obejrzeć i kupić na kiermaszach świątecznych i Targach Ekonomii Społecznej.",
        "Zajęcia odbywają się od poniedziałku do piątku, a uczestnicy mają zapewniony dowóz i ciepły posiłek.",
        "Warsztat współpracuje z zakładami aktywności zawodowej, w których pracę znajdują jego absolwenci.",
    ],
    association: &[],
    foundation: &[],
    quoted: &[
        "Pracownia",
        "Tęcza",
        "Promyk",
        "Arteria",
        "Motyl",
        "Przystań",
    ],
    local: true,
};

/// Vocational activity establishments (ZAZ).
pub const VOCATIONAL: Theme = Theme {
    areas: &[
        A::Disability,
        A::LabourMarket,
        A::Catering,
        A::Cleaning,
        A::Crafts,
    ],
    core_areas: 2,
    groups: &[G::Disabled, G::Unemployed],
    core_groups: 1,
    founders: &[],
    activities: &[
        "Zakład zatrudnia osoby ze znacznym i umiarkowanym stopniem niepełnosprawności, które pracują pod opieką instruktorów.",
        "Prowadzona jest pralnia, kuchnia z cateringiem oraz ekipa pielęgnująca tereny zielone.",
        "Pracownicy mają zapewnioną rehabilitację, wsparcie psychologa i doradztwo zawodowe.",
        "Zakład przyjmuje zlecenia od firm i instytucji, także w ramach zamówień z klauzulą społeczną.",
    ],
    association: &[],
    foundation: &[],
    quoted: &[
        "Pracownia Smaku",
        "Zielony Ogród",
        "Czysta Robota",
        "Nowe Horyzonty",
        "Pralnia Pod Lipą",
    ],
    local: true,
};

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[&Theme] = &[
        &DISABILITY,
        &SENIORS,
        &CHILDREN_YOUTH,
        &CULTURE,
        &SPORT,
        &ENVIRONMENT,
        &LOCAL_DEVELOPMENT,
        &ADDICTION,
        &HOMELESSNESS,
        &LABOUR_MARKET,
        &HEALTH,
        &MIGRANTS,
        &CATERING,
        &CLEANING,
        &CONSTRUCTION,
        &CRAFTS,
        &NGO_SUPPORT,
        &FAMILIES,
        &RURAL,
        &CARE,
        &REINTEGRATION,
        &INTEGRATION_CLUB,
        &THERAPY,
        &VOCATIONAL,
    ];

    #[test]
    fn themes_are_complete_and_well_formed() {
        for theme in ALL {
            assert!(theme.core_areas >= 1 && theme.core_areas <= theme.areas.len().min(3));
            assert!(theme.core_groups >= 1 && theme.core_groups <= theme.groups.len().min(3));
            assert!(theme.activities.len() >= 2, "{:?}", theme.activities);
            assert!(!theme.quoted.is_empty());
            for sentence in theme.activities {
                assert!(sentence.ends_with('.'), "{sentence}");
                assert!(
                    sentence.chars().next().is_some_and(char::is_uppercase),
                    "{sentence}"
                );
                assert!(!sentence.contains("  "), "{sentence}");
            }
            for text in theme
                .activities
                .iter()
                .chain(theme.founders)
                .chain(theme.association)
            {
                let placeholders = text.matches('{').count();
                let known = text.matches("{loc}").count() + text.matches("{gen}").count();
                assert_eq!(placeholders, known, "{text}");
            }
        }
    }
}
