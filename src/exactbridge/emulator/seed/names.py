"""Word lists for Dutch, Flemish, Walloon and German small businesses.

Locales `NL`, `BE-NL` (Flanders; Brussels in Dutch), `BE-FR` (Wallonia; Brussels in French)
and `DE` (foreign relations) bundle person names (Dutch surnames keep their tussenvoegsel),
streets, cities with postcode ranges and phone area codes, company-name parts with legal
forms, job titles and invoice wording. Item catalogues exist in Dutch and French. Lists are
`|`-separated text tables so that they read like data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "CATALOGS",
    "LOCALES",
    "VARIANTS",
    "CatalogEntry",
    "Locale",
    "Place",
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.replace(";", "|").split("|") if word.strip())


@dataclass(frozen=True)
class Place:
    """A city, its postcode range (NL: the four digits; BE/DE: `low == high`) and area code."""

    city: str
    low: int
    high: int
    area: str


def _places(text: str) -> tuple[Place, ...]:
    rows = []
    for line in text.strip().splitlines():
        for cell in line.split(";"):
            if cell.strip():
                city, low, high, area = (part.strip() for part in cell.split("|"))
                rows.append(Place(city, int(low), int(high or low), area))
    return tuple(rows)


@dataclass(frozen=True)
class Locale:
    """Everything needed to invent people and companies of one language area."""

    key: str
    country: str
    language: str
    tld: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    streets: tuple[str, ...]
    places: tuple[Place, ...]
    legal_forms: tuple[str, ...]
    legal_weights: tuple[int, ...]
    trades: tuple[str, ...]
    activities: tuple[str, ...]
    brands: tuple[str, ...]
    brand_suffixes: tuple[str, ...]
    venues: tuple[str, ...]
    venue_names: tuple[str, ...]
    job_titles: tuple[str, ...]
    mailboxes: tuple[str, ...]
    mail_providers: tuple[str, ...]
    invoice_texts: tuple[str, ...]  # "G:…" goods, "S:…" services, "A:…" subscriptions
    credit_texts: tuple[str, ...]
    remarks: tuple[str, ...]
    box_word: str


_NL = Locale(
    key="NL",
    country="NL",
    language="NL",
    tld="nl",
    male=_words(
        "Jan|Pieter|Kees|Daan|Bram|Sem|Thijs|Willem|Joost|Hendrik|Gerrit|Ruud|Sven|Niels|"
        "Jeroen|Koen|Maarten|Bart|Joris|Mees|Lucas|Finn|Lars|Rick|Tim|Wouter|Dennis|Marco|"
        "Erik|Frank|Hans|Henk|Johan|Martijn|Robin|Stefan|Vincent|Mohamed|Youssef|Emre|"
        "Mehmet|Rachid|René|André|Gijs|Teun|Stijn"
    ),
    female=_words(
        "Sanne|Femke|Lotte|Anouk|Eva|Lieke|Marieke|Ingrid|Annelies|Maaike|Eline|Mirjam|"
        "Esther|Ilse|Floor|Roos|Fleur|Noor|Saskia|Renée|Chloë|Zoë|Linda|Petra|Monique|"
        "Karin|Sandra|Wendy|Nicole|Anne|Iris|Julia|Sophie|Emma|Tess|Fatima|Samira|Ayşe|"
        "Naïma|Inge|Marloes|Hanneke|Joyce"
    ),
    surnames=_words(
        "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|"
        "Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|"
        "Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok|"
        "Jacobs|de Haan|Vermeulen|van den Heuvel|van der Veen|van den Broek|"
        "de Bruijn|van der Heijden|Schouten|van Beek|Willems|van Vliet|van de Ven|"
        "Hoekstra|Maas|Verhoeven|Koster|van Dam|van der Wal|Prins|Blom|Huisman|"
        "de Lange|Kuipers|van Wijk|Postma|Veenstra|Kramer|van den Bosch|Sanders|"
        "ter Horst|op den Akker|van 't Hof|in 't Veld|Özdemir|Yılmaz|El Amrani|Bouzid|"
        "Çelik|Nguyen|Kaya|de Ruiter|Timmermans|Groen|Gerritsen|Bosman|Wolters|"
        "Boersma|Brink|Koopman|van Rijn|Molenaar|Evers|Jonker|Verbeek|Haverkamp|"
        "Sluiter|Hoogendoorn|van Essen"
    ),
    streets=_words(
        "Kerkstraat|Dorpsstraat|Molenweg|Stationsweg|Hoofdstraat|Schoolstraat|"
        "Industrieweg|Nieuwstraat|Marktplein|Julianalaan|Beatrixstraat|Wilhelminastraat|"
        "Oranjelaan|Prinsengracht|Keizersgracht|Herengracht|Vondelstraat|Rembrandtlaan|"
        "Van Goghstraat|Hoogstraat|Havenstraat|Spoorstraat|Laan van Meerdervoort|"
        "Zuidwal|Westersingel|De Ruijterkade|Ambachtsweg|Edisonstraat|Parallelweg|"
        "Koningin Emmaplein|Nijverheidsweg|Handelsweg|Energieweg|Kanaalweg|Lindenlaan|"
        "Eikenlaan|Burgemeester de Withstraat|Prins Hendrikkade|Rozengracht|'t Zand|"
        "Boschdijk|Zeestraat|Coolsingel|Weena|Europaweg|Marconistraat|Twentehaven"
    ),
    places=_places("""
        Amsterdam|1011|1109|020; Rotterdam|3011|3089|010; Den Haag|2491|2597|070
        Utrecht|3511|3585|030; Eindhoven|5611|5658|040; Groningen|9711|9747|050
        Tilburg|5011|5049|013; Breda|4811|4839|076; Nijmegen|6511|6546|024; Arnhem|6811|6846|026
        Haarlem|2011|2037|023; Zwolle|8011|8046|038; Leiden|2311|2334|071
        Maastricht|6211|6229|043; Amersfoort|3811|3829|033; Apeldoorn|7311|7336|055
        's-Hertogenbosch|5211|5237|073; Enschede|7511|7548|053; Delft|2611|2629|015
        Deventer|7411|7429|0570; Alkmaar|1811|1824|072; Leeuwarden|8911|8939|058
        Hilversum|1211|1223|035; Almere|1311|1359|036; Dordrecht|3311|3329|078
        Zaandam|1501|1509|075; Venlo|5911|5928|077; Gouda|2801|2809|0182; Hoorn|1621|1628|0229
        Middelburg|4331|4339|0118; Assen|9401|9409|0592; Emmen|7811|7833|0591
        Roermond|6041|6045|0475; Heerlen|6411|6422|045; Harderwijk|3841|3849|0341
        Veenendaal|3901|3907|0318; Purmerend|1441|1448|0299; Sneek|8601|8608|0515
    """),
    legal_forms=("B.V.", "V.O.F.", ""),
    legal_weights=(55, 12, 33),
    trades=_words(
        "Bakkerij|Slagerij|Schildersbedrijf|Installatiebedrijf|Autobedrijf|"
        "Hoveniersbedrijf|Timmerbedrijf|Loodgietersbedrijf|Transportbedrijf|"
        "Aannemersbedrijf|Drukkerij|Rijwielhandel|Bloemenhandel|Kapsalon|Reclamebureau|"
        "Administratiekantoor|Dierenkliniek|Fysiotherapie|Bouwbedrijf|Schoonmaakbedrijf|"
        "Koeriersdienst|Kaashandel|Wijnhandel|Groothandel|Dakdekkersbedrijf"
    ),
    activities=_words(
        "Installatietechniek|Bouw|Transport|Logistiek|ICT|Advies|Consultancy|"
        "Elektrotechniek|Metaalbewerking|Timmerwerken|Schilderwerken|Dakwerken|"
        "Tuinen|Interieurbouw|Keukens|Verhuur|Vastgoed|Beveiliging|Events|Fotografie|"
        "Communicatie|Personeelsdiensten|Import & Export|Techniek|Machinebouw|"
        "Grondverzet|Catering|Zonnepanelen"
    ),
    brands=_words(
        "Noord|Delta|Polder|Kroon|Molen|Tulp|Linde|Duin|Eik|Dijk|Haven|Kompas|Vlinder|"
        "Zon|Meander|Horizon|Brug|Anker|Lelie|Kastanje|Wadden|Veluwe|Amstel|IJssel"
    ),
    brand_suffixes=_words("tech|data|bouw|plan|groep|logistiek|design|media|advies|works|zorg"),
    venues=_words("Café|Eetcafé|Restaurant|Brasserie|Lunchroom|Hotel-Restaurant|Grand Café"),
    venue_names=_words(
        "De Gouden Leeuw|'t Hoekje|De Zwaan|De Kade|Het Pleintje|De Roode Leeuw|"
        "De Molen|De Beurs|De Sluis|Het Zuiden|De Waag|'t Gildehuys|Het Veerhuis"
    ),
    job_titles=_words(
        "Directeur|Eigenaar|Office manager|Financieel administrateur|Inkoper|"
        "Hoofd inkoop|Bedrijfsleider|Projectleider|Boekhouder|Salesmanager|"
        "Accountmanager|Controller|Operationeel manager|Planner|"
        "Managementassistent"
    ),
    mailboxes=_words("info|administratie|facturen|inkoop|boekhouding|office|crediteuren"),
    mail_providers=_words(
        "gmail.com|hotmail.com|outlook.com|ziggo.nl|kpnmail.nl|xs4all.nl|live.nl|icloud.com"
    ),
    invoice_texts=_words(
        "G:Levering volgens order|G:Levering kantoorartikelen|G:Nalevering|"
        "G:Spoedlevering|G:Levering en montage|G:Materialen en arbeidsloon|"
        "S:Werkzaamheden volgens offerte|S:Installatiewerkzaamheden|"
        "S:Advieswerkzaamheden|S:Service en onderhoud|S:Projectwerkzaamheden|"
        "S:Reparatie op locatie|S:Materialen en arbeidsloon|A:Onderhoudscontract|"
        "A:Abonnementskosten|A:Servicecontract"
    ),
    credit_texts=_words(
        "Creditnota retourzending|Creditering prijsafspraak|"
        "Creditnota beschadigde levering|Creditering dubbel gefactureerd"
    ),
    remarks=_words(
        "Facturen uitsluitend per e-mail|Inkoopordernummer verplicht op factuur|"
        "Leveren via achteringang|Vaste klant, afspraken in offerte 2019|"
        "Betaalt altijd op tijd|Alleen leveren na telefonische afspraak"
    ),
    box_word="Postbus",
)

_BE_NL = Locale(
    key="BE-NL",
    country="BE",
    language="NL",
    tld="be",
    male=_words(
        "Lucas|Arthur|Louis|Noah|Jules|Wout|Jens|Pieter-Jan|Koen|Geert|Dirk|Stijn|Bert|"
        "Jef|Jan|Tom|Kris|Filip|Bart|Wim|Luc|Marc|Patrick|Stefaan|Frederik|Thomas|Ruben|"
        "Seppe|Lander|Brecht|Gert|Jelle|Hannes|Mathias|Robbe|Bavo|Mehdi"
    ),
    female=_words(
        "Emma|Olivia|Marie|Louise|Elise|Sofie|Ann|Katrien|Tine|Lien|Hanne|Griet|Els|An|"
        "Inge|Veerle|Nele|Leen|Sarah|Lotte|Fien|Marthe|Ine|Lore|Annelies|Hilde|Kristel|"
        "Mieke|Charlotte|Febe|Jana|Yasmine|Noëlle"
    ),
    surnames=_words(
        "Peeters|Janssens|Maes|Jacobs|Mertens|Willems|Claes|Goossens|Wouters|De Smet|"
        "Van den Broeck|Vermeulen|Van Damme|De Backer|Desmet|Lemmens|Hermans|Coppens|"
        "Verstraete|De Clercq|Vandenberghe|Aerts|Van de Velde|Michiels|Smets|Pauwels|"
        "Declercq|Cools|Verhaegen|Dewulf|Van Hoof|Martens|Stevens|De Wolf|Geerts|"
        "Verlinden|Van Acker|D'Hondt|Van Laere|Baert|Wuyts|Segers|De Meyer|Callens|"
        "Vercammen|Goethals|Bogaert|Pieters|Vanhoutte|Öztürk"
    ),
    streets=_words(
        "Kerkstraat|Stationsstraat|Dorpsstraat|Nieuwstraat|Molenstraat|Kapelstraat|"
        "Veldstraat|Meir|Grote Markt|Brusselsesteenweg|Gentsesteenweg|"
        "Koningin Astridlaan|Leopoldlaan|Industrielaan|Kouter|Mechelsesteenweg|"
        "Antwerpsesteenweg|Bondgenotenlaan|Diestsestraat|Kortrijksesteenweg|Noorderlaan|"
        "Ambachtenlaan|Kasteelstraat|Hoogstraat|Vlamingstraat|Zuidlaan|Oude Baan|"
        "Baron Ruzettelaan|Nijverheidsstraat|Schaliënhoevedreef"
    ),
    places=_places("""
        Brussel|1000||02; Elsene|1050||02; Schaarbeek|1030||02; Ukkel|1180||02
        Antwerpen|2000||03; Antwerpen|2018||03; Berchem|2600||03; Gent|9000||09
        Gentbrugge|9050||09; Leuven|3000||016; Brugge|8000||050; Mechelen|2800||015
        Hasselt|3500||011; Kortrijk|8500||056; Aalst|9300||053; Oostende|8400||059
        Genk|3600||089; Sint-Niklaas|9100||03; Turnhout|2300||014; Roeselare|8800||051
        Lier|2500||03; Geel|2440||014; Waregem|8790||056; Dendermonde|9200||052
        Vilvoorde|1800||02; Zaventem|1930||02; Ieper|8900||057; Tienen|3300||016
    """),
    legal_forms=("BV", "NV", "CommV", ""),
    legal_weights=(55, 12, 6, 27),
    trades=_words(
        "Bakkerij|Beenhouwerij|Schrijnwerkerij|Garage|Brouwerij|Drukkerij|Kapsalon|"
        "Dakwerken|Tuinaanleg|Elektriciteitswerken|Verwarming|Transport|"
        "Bouwonderneming|Interieur|Boekhoudkantoor|Immo|Schilderwerken|Bloemen"
    ),
    activities=_words(
        "Bouw|Transport|Logistics|Consult|IT Services|Engineering|Interieur|"
        "Renovatie|Tuinaanleg|Elektro|Dakwerken|Schrijnwerkerij|Verhuur|Catering"
    ),
    brands=_words(
        "Schelde|Leie|Kempen|Mercator|Meetjesland|Waasland|Brabo|Ter Duinen|Westhoek|"
        "Demer|Nete|Hageland|Zwin|Dijle"
    ),
    brand_suffixes=_words("Consult|Tech|Logistics|Services|Solutions|Group|bouw|techniek"),
    venues=_words("Café|Taverne|Brasserie|Frituur|Restaurant|Bistro"),
    venue_names=_words(
        "De Gouden Leeuw|'t Pleintje|Den Hoek|De Kroon|Het Hof|'t Molenhuis|"
        "De Waag|Sint-Jan|De Vismarkt|Den Engel|'t Schipke"
    ),
    job_titles=_words(
        "Zaakvoerder|Gedelegeerd bestuurder|Boekhouder|Aankoper|"
        "Verantwoordelijke aankoop|Financieel directeur|Office manager|Projectleider|"
        "Administratief medewerker|Commercieel directeur|Bediende facturatie"
    ),
    mailboxes=_words("info|boekhouding|facturatie|administratie|aankoop|contact"),
    mail_providers=_words("gmail.com|telenet.be|skynet.be|hotmail.com|proximus.be|outlook.be"),
    invoice_texts=_words(
        "G:Levering volgens bestelbon|G:Kantoorbenodigdheden|"
        "G:Levering en plaatsing|G:Dringende levering|G:Materiaal en werkuren|"
        "S:Werken volgens offerte|S:Installatiewerken|S:Adviesverlening|"
        "S:Herstelling ter plaatse|S:Materiaal en werkuren|A:Onderhoudscontract|"
        "A:Maandelijks abonnement"
    ),
    credit_texts=_words(
        "Creditnota retour|Creditnota prijscorrectie|Creditnota beschadigde goederen"
    ),
    remarks=_words(
        "Facturen via e-mail of Peppol|Bestelbonnummer vermelden op factuur|"
        "Levering enkel in de voormiddag|Goede klant, korting besproken"
    ),
    box_word="Postbus",
)

_BE_FR = Locale(
    key="BE-FR",
    country="BE",
    language="FR",
    tld="be",
    male=_words(
        "Thomas|Nathan|Hugo|Antoine|Benoît|Frédéric|Jérôme|Sébastien|Laurent|Nicolas|"
        "François|Pierre|Olivier|Philippe|Christophe|Julien|Maxime|Arnaud|Vincent|Cédric|"
        "Michel|Didier|Grégory|Romain|Gaëtan|Raphaël|Loïc|Mathieu|Alexandre|Jean-Marc|"
        "Karim"
    ),
    female=_words(
        "Camille|Léa|Chloé|Manon|Juliette|Amélie|Hélène|Céline|Stéphanie|Valérie|"
        "Isabelle|Geneviève|Zoé|Sophie|Nathalie|Catherine|Anne-Sophie|Aurélie|Émilie|"
        "Virginie|Caroline|Julie|Laura|Élodie|Charlotte|Mélanie|Sylvie|Noémie|Inès"
    ),
    surnames=_words(
        "Dubois|Lambert|Dupont|Martin|Simon|Lefèvre|Lefebvre|Leclercq|Renard|Dumont|"
        "François|Mathieu|Gérard|Fontaine|Noël|Laurent|Collard|Denis|Lemaire|"
        "Dubuisson|Hubert|Delvaux|Masson|Leroy|Bertrand|Lecomte|Wauters|Jacquet|"
        "Thiry|Pirard|Gilson|Closset|Bodart|Henrard|Delhaye|Marchal|Piron|Evrard|"
        "Lejeune|Jadoul|Rousseau|Goffin|Bastin|Dethier|Crèvecœur"
    ),
    streets=_words(
        "Rue de la Station|Rue de l'Église|Chaussée de Bruxelles|Avenue Louise|"
        "Rue Haute|Place du Marché|Rue des Carmes|Boulevard d'Avroy|Rue Saint-Gilles|"
        "Avenue de la Toison d'Or|Rue du Château|Rue des Écoles|Chaussée de Louvain|"
        "Rue de Namur|Rue Neuve|Avenue des Combattants|Rue du Moulin|"
        "Chaussée de Waterloo|Rue Grétry|Place Saint-Lambert|Rue de Fer|Boulevard Tirou|"
        "Avenue Reine Astrid|Rue des Wallons|Rue du Commerce|Rue de l'Industrie"
    ),
    places=_places("""
        Bruxelles|1000||02; Ixelles|1050||02; Schaerbeek|1030||02; Uccle|1180||02
        Liège|4000||04; Namur|5000||081; Charleroi|6000||071; Mons|7000||065; Wavre|1300||010
        Louvain-la-Neuve|1348||010; Tournai|7500||069; Verviers|4800||087; Arlon|6700||063
        Nivelles|1400||067; Waterloo|1410||02; La Louvière|7100||064; Huy|4500||085
        Dinant|5500||082; Marche-en-Famenne|6900||084; Bastogne|6600||061; Mouscron|7700||056
        Seraing|4100||04; Gembloux|5030||081
    """),
    legal_forms=("SRL", "SA", "SComm", ""),
    legal_weights=(55, 12, 6, 27),
    trades=_words(
        "Boulangerie|Boucherie|Menuiserie|Garage|Imprimerie|Toitures|Électricité|"
        "Chauffage|Jardins|Transports|Fiduciaire|Atelier|Pâtisserie|Carrosserie|"
        "Quincaillerie|Fleurs"
    ),
    activities=_words(
        "Construction|Rénovation|Transport|Consulting|Services|Informatique|"
        "Logistique|Énergies|Immobilier|Toitures|Électricité|Conseil|Traiteur"
    ),
    brands=_words(
        "Meuse|Sambre|Ourthe|Condroz|Hesbaye|Famenne|Semois|Lesse|Ardenne|Fagnes|"
        "Val d'Or|Mosane|Horizon|Étoile"
    ),
    brand_suffixes=_words("Consult|Services|Bâtiment|Solutions|Énergie|Logistique|Group"),
    venues=_words("Brasserie|Café|Restaurant|Taverne|Friterie|Auberge"),
    venue_names=_words(
        "Le Lion d'Or|Le Relais|La Terrasse|Le Coin|L'Étoile|Le Vieux Moulin|"
        "Les Tilleuls|La Bonne Franquette|Le Cheval Blanc|La Fontaine"
    ),
    job_titles=_words(
        "Gérant|Administrateur délégué|Comptable|Responsable des achats|"
        "Directeur financier|Chef de projet|Responsable administratif|"
        "Directeur commercial|Responsable facturation"
    ),
    mailboxes=_words("info|comptabilite|facturation|administration|achats|contact"),
    mail_providers=_words("gmail.com|skynet.be|hotmail.com|proximus.be|outlook.be|voo.be"),
    invoice_texts=_words(
        "G:Livraison selon commande|G:Fournitures de bureau|"
        "G:Livraison complémentaire|G:Livraison urgente|G:Livraison et montage|"
        "G:Matériaux et main-d'œuvre|S:Travaux selon devis|"
        "S:Travaux d'installation|S:Prestations de conseil|S:Service et entretien|"
        "S:Réparation sur site|S:Matériaux et main-d'œuvre|A:Contrat d'entretien|"
        "A:Abonnement mensuel"
    ),
    credit_texts=_words(
        "Note de crédit retour marchandises|Note de crédit correction de prix|"
        "Note de crédit marchandises endommagées"
    ),
    remarks=_words(
        "Factures par e-mail ou Peppol|Mentionner le bon de commande|"
        "Livraison le matin uniquement|Bon client, remise convenue"
    ),
    box_word="Boîte postale",
)

_DE = Locale(
    key="DE",
    country="DE",
    language="DE",
    tld="de",
    male=_words(
        "Lukas|Jürgen|Jörg|Stefan|Max|Thomas|Michael|Andreas|Klaus|Uwe|Tobias|Florian|"
        "Matthias|Sebastian"
    ),
    female=_words("Anna|Katrin|Sabine|Lena|Julia|Petra|Monika|Ute|Birgit|Jana|Sarah|Claudia|Anja"),
    surnames=_words(
        "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schäfer|Koch|"
        "Groß|Hoffmann|Krüger|Neumann|Schröder|Zimmermann|Braun|Hartmann|Lange|Schulz"
    ),
    streets=_words(
        "Hauptstraße|Bahnhofstraße|Schillerstraße|Goethestraße|Industriestraße|"
        "Königsallee|Gartenstraße|Lindenstraße|Marktplatz|Friedrichstraße|Am Hafen"
    ),
    places=_places("""
        Berlin|10115||030; Köln|50667||0221; Düsseldorf|40213||0211; Aachen|52062||0241
        Hamburg|20095||040; München|80331||089; Münster|48143||0251; Duisburg|47051||0203
        Essen|45127||0201; Kleve|47533||02821; Mönchengladbach|41061||02161
    """),
    legal_forms=("GmbH", "GmbH & Co. KG", "e.K."),
    legal_weights=(70, 15, 15),
    trades=_words("Bäckerei|Spedition|Autohaus|Druckerei|Metzgerei|Tischlerei"),
    activities=_words(
        "Maschinenbau|Logistik|Elektrotechnik|Haustechnik|Metallbau|Großhandel|"
        "Holzbau|Industriebedarf|Verpackungen"
    ),
    brands=_words("Rhein|Ruhr|Eifel|Mosel|Nord|Sauerland|Niederrhein"),
    brand_suffixes=_words("Tech|Logistik|Handel|Systeme"),
    venues=_words("Gasthaus|Restaurant|Café"),
    venue_names=_words("Zum Goldenen Löwen|Am Markt|Zur Post"),
    job_titles=_words("Geschäftsführung|Einkauf|Buchhaltung|Vertrieb|Prokura"),
    mailboxes=_words("info|buchhaltung|rechnungen|einkauf|kontakt"),
    mail_providers=_words("gmx.de|web.de|t-online.de|gmail.com"),
    invoice_texts=(),
    credit_texts=(),
    remarks=(),
    box_word="Postfach",
)

LOCALES: Final[dict[str, Locale]] = {loc.key: loc for loc in (_NL, _BE_NL, _BE_FR, _DE)}
"""Locales by key: `NL`, `BE-NL`, `BE-FR`, `DE`."""


@dataclass(frozen=True)
class CatalogEntry:
    """One base product or service; items are this plus an optional variant.

    Attributes:
        description: base description.
        kind: `G` goods, `M` materials, `S` services, `A` subscriptions (the item group).
        unit: unit code.
        vat: `H` standard rate, `L` reduced rate, `M` BE intermediate (12 %; NL reduced).
        family: key into `VARIANTS` ("" when only model numbers tell variants apart).
        low: lowest plausible sales price excluding VAT.
        high: highest plausible sales price excluding VAT.
    """

    description: str
    kind: str
    unit: str
    vat: str
    family: str
    low: float
    high: float


def _catalogs(text: str) -> dict[str, tuple[CatalogEntry, ...]]:
    dutch, french = [], []
    for line in text.strip().splitlines():
        nl_text, fr_text, kind, unit, vat, family, low, high = (p.strip() for p in line.split("|"))
        nl_unit, _, fr_unit = unit.partition("/")
        prices = float(low), float(high)
        dutch.append(CatalogEntry(nl_text, kind, nl_unit, vat, family, *prices))
        french.append(CatalogEntry(fr_text, kind, fr_unit or nl_unit, vat, family, *prices))
    return {"NL": tuple(dutch), "FR": tuple(french)}


# Dutch | French | kind | unit (NL/FR) | VAT class | variant family | price range
CATALOGS: Final[dict[str, tuple[CatalogEntry, ...]]] = _catalogs("""
    Bureaustoel ergonomisch|Chaise de bureau ergonomique|G|pc|H|colour|189|449
    Bureau zit-sta elektrisch|Bureau assis-debout électrique|G|pc|H|desk|399|899
    Monitor 27 inch QHD|Écran 27 pouces QHD|G|pc|H||219|389
    Laptop 14 inch zakelijk|Ordinateur portable 14 pouces|G|pc|H|memory|749|1499
    Draadloos toetsenbord en muis|Clavier et souris sans fil|G|pc|H|colour|39|89
    Printpapier A4 80 g/m² (doos 5 pakken)|Papier A4 80 g/m² (boîte de 5 rames)|G|doos/bte|H||24|34
    Toner laserprinter|Toner imprimante laser|G|pc|H|toner|59|129
    LED-bureaulamp dimbaar|Lampe de bureau LED|G|pc|H|colour|29|79
    Koffiebonen espresso|Café en grains espresso|G|kg|L|coffee|17|29
    Thee assortiment (doos 100 zakjes)|Thé assortiment (boîte de 100)|G|doos/bte|L||9|16
    Mineraalwater 24 × 0,5 l|Eau minérale 24 × 0,5 l|G|doos/bte|L|water|8|12
    Vakliteratuur|Ouvrage professionnel|G|pc|L||24|69
    Kantoorplant in pot|Plante de bureau en pot|G|pc|L|size|19|59
    Schroeven RVS 4×40 (doos 200 st.)|Vis inox 4×40 (boîte de 200)|M|doos/bte|H||9|19
    Muurverf wit mat 10 l|Peinture murale blanc mat 10 l|M|pc|H||59|119
    Kabel UTP Cat6 (rol 305 m)|Câble UTP Cat6 (bobine 305 m)|M|pc|H||89|179
    Koperen leiding 15 mm|Tube cuivre 15 mm|M|m|H||6|11
    Isolatieplaat PIR 60 mm|Panneau isolant PIR 60 mm|M|pc|H||14|29
    Tegellijm 25 kg|Colle carrelage 25 kg|M|pc|H||18|32
    Siliconenkit sanitair|Mastic silicone sanitaire|M|pc|H|sealant|6|12
    Vuren regel 44×69 mm|Latte sapin 44×69 mm|M|m|H||2|5
    Advies|Conseil|S|uur/h|H|level|85|145
    Installatiewerkzaamheden|Travaux d'installation|S|uur/h|H|hours|55|85
    Montage op locatie|Montage sur site|S|uur/h|H|hours|52|78
    Voorrijkosten|Frais de déplacement|S|pc|H|zone|35|65
    Projectmanagement|Gestion de projet|S|uur/h|H|level|90|135
    Consultancy|Consultance|S|uur/h|H|level|110|165
    Ontwerp en vormgeving|Conception graphique|S|uur/h|H|level|70|110
    Schoonmaakdienst|Service de nettoyage|S|uur/h|H|hours|29|42
    Lunch per persoon|Repas traiteur par personne|S|pc|M|lunch|12|24
    Training (dagdeel)|Formation (demi-journée)|S|pc|H|training|395|795
    Reparatie en onderhoud|Réparation et entretien|S|uur/h|H|hours|58|88
    Bezorgkosten|Frais de livraison|S|pc|H|zone|9|25
    Onderhoudscontract|Contrat d'entretien|A|mnd/mois|H|plan|49|249
    Webhosting en e-mail|Hébergement web et e-mail|A|mnd/mois|H|plan|9|39
    Softwarelicentie|Licence logicielle|A|mnd/mois|H|plan|19|99
    Servicecontract installatie|Contrat de service installation|A|mnd/mois|H|plan|29|129
    Vakblad abonnement|Abonnement revue professionnelle|A|mnd/mois|L|magazine|8|19
""")
"""Base products and services by catalogue language (`NL` also serves Flanders)."""


def _variants(text: str) -> dict[str, dict[str, tuple[str, ...]]]:
    table: dict[str, dict[str, tuple[str, ...]]] = {"NL": {}, "FR": {}}
    for line in text.strip().splitlines():
        family, dutch, french = (part.strip() for part in line.split("|"))
        table["NL"][family], table["FR"][family] = _words(dutch), _words(french)
    return table


# family | Dutch variants | French variants (variants separated by ";")
VARIANTS: Final[dict[str, dict[str, tuple[str, ...]]]] = _variants("""
    colour|zwart;wit;grijs;antraciet;blauw|noir;blanc;gris;anthracite;bleu
    desk|120×80 cm;140×80 cm;160×80 cm;180×80 cm|120×80 cm;140×80 cm;160×80 cm;180×80 cm
    memory|8 GB;16 GB;32 GB|8 Go;16 Go;32 Go
    toner|zwart;cyaan;magenta;geel|noir;cyan;magenta;jaune
    coffee|biologisch;fairtrade;cafeïnevrij;huismelange|bio;équitable;décaféiné;mélange maison
    water|bruisend;plat|pétillante;plate
    size|klein;middel;groot|petite;moyenne;grande
    sealant|wit;transparant;grijs|blanc;transparent;gris
    level|junior;medior;senior|junior;confirmé;senior
    hours|spoed;avond/weekend|urgent;soir/week-end
    zone|zone 1;zone 2;zone 3|zone 1;zone 2;zone 3
    lunch|basis;uitgebreid;vegetarisch|standard;complet;végétarien
    training|op locatie;online;incompany|sur site;en ligne;en entreprise
    plan|basis;plus;pro;enterprise|basique;plus;pro;entreprise
    magazine|digitaal;print;print + digitaal|numérique;papier;papier + numérique
""")
"""Variant words per catalogue language and variant family."""
