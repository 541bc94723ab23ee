"""French names, places and works the demo and benchmark generators draw from (fixed lists)."""
from __future__ import annotations

LAST_NAMES = (
    "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU", "LAURENT",
    "SIMON", "MICHEL", "LEFEBVRE", "LEROY", "ROUX", "DAVID", "BERTRAND", "MOREL", "FOURNIER", "GIRARD",
    "BONNET", "DUPUIS", "LAMBERT", "FONTAINE", "ROUSSEAU", "VINCENT", "MULLER", "LEFEVRE", "FAURE", "ANDRE",
    "MERCIER", "GUERIN", "BOYER", "GARNIER", "CHEVALIER", "FRANCOIS", "LEGRAND", "GAUTHIER", "GARCIA",
    "PERRIN", "ROBIN", "CLEMENT", "MORIN", "NICOLAS", "HENRY", "ROUSSEL", "MATHIEU", "GAUTIER", "MASSON",
    "MARCHAND", "DUVAL", "DENIS", "LEMAIRE", "DUMONT", "MARIE", "NOEL", "MEYER", "DUFOUR", "MEUNIER",
    "BRUN", "BLANC", "GIRAUD", "JOLY", "RIVIERE", "LUCAS", "BRUNET", "GAILLARD", "BARBIER", "ARNAUD",
    "MARTINEZ", "GERARD", "ROCHE", "RENARD", "SCHMITT", "ROY", "LEROUX", "COLIN", "VIDAL", "CARON",
    "PICARD", "ROGER", "FABRE", "AUBERT", "LEMOINE", "RENAUD", "DUMAS", "LACROIX", "OLIVIER", "PHILIPPE",
    "BOURGEOIS", "PIERRE", "BENOIT", "REY", "LECLERC", "PAYET", "ROLLAND", "LECLERCQ", "GUILLAUME",
    "LECOMTE", "LOPEZ", "JEAN", "DUPUY", "GUILLOT", "HUBERT", "BERGER", "CARPENTIER", "SANCHEZ", "DUPRE",
    "MOULIN", "LOUIS", "DESCHAMPS", "HUET", "VASSEUR", "PEREZ", "BOUCHER", "FLEURY", "ROYER", "KLEIN",
    "JACQUET", "ADAM", "PARIS", "POIRIER", "MARTY", "AUBRY", "GUYOT", "CARRE", "CHARLES", "RENAULT",
    "CHARPENTIER", "MENARD", "MAILLARD", "BARON", "BERTIN", "BAILLY", "HERVE", "SCHNEIDER", "FERNANDEZ",
    "LE GALL", "COLLET", "LEGER", "BOUVIER", "JULIEN", "PREVOST", "MILLET", "PERROT", "DANIEL", "LE ROUX",
    "COUSIN", "GERMAIN", "BRETON", "BESSON", "LANGLOIS", "REMY", "LE GOFF", "PELLETIER", "LEVEQUE",
    "PERRIER", "LEBLANC", "BARRE", "LEBRUN", "MARCHAL", "WEBER", "MALLET", "HAMON", "BOULANGER", "JACOB",
    "MONNIER", "MICHAUD", "RODRIGUEZ", "GUICHARD", "GILLET", "ETIENNE", "GRONDIN", "POULAIN", "TESSIER",
    "CHEVALLIER", "COLLIN", "CHAUVIN", "DA SILVA", "BOUCHET", "GAY", "LEMAITRE", "BENARD", "MARECHAL",
    "HUMBERT", "REYNAUD", "ANTOINE", "HOARAU", "PERRET", "BARTHELEMY", "CORDIER", "PICHON", "LEJEUNE",
    "GILBERT", "LAMY", "DELAUNAY", "PASQUIER", "CARLIER", "LAPORTE", "LE BIHAN", "GUILLOU", "LE CORRE",
    "TANGUY", "LE MOAL", "KERBRAT", "LE FLOCH", "RIOU", "LE BRIS", "JEGOU", "GUEGUEN", "LE HIR", "COLAS",
)

MALE_FIRST_NAMES = (
    "Gabriel", "Léo", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Maël", "Lucas", "Hugo", "Noah",
    "Liam", "Gabin", "Sacha", "Paul", "Nathan", "Aaron", "Mohamed", "Ethan", "Tom", "Éden", "Léon",
    "Théo", "Noé", "Martin", "Timéo", "Malo", "Nolan", "Victor", "Axel", "Valentin", "Mathis", "Clément",
    "Baptiste", "Antoine", "Maxime", "Alexandre", "Romain", "Julien", "Nicolas", "Thomas", "Guillaume",
    "Sébastien", "Olivier", "Stéphane", "Christophe", "Frédéric", "Laurent", "David", "Jérôme", "Vincent",
    "Pierre", "François", "Philippe", "Éric", "Yann", "Erwan", "Gaël", "Ronan", "Loïc", "Yannick",
    "Benoît", "Mathieu", "Cédric", "Fabien", "Damien", "Arnaud", "Franck", "Samuel", "Simon", "Tristan",
)

FEMALE_FIRST_NAMES = (
    "Jade", "Louise", "Emma", "Alice", "Ambre", "Lina", "Rose", "Chloé", "Mia", "Léa", "Anna", "Mila",
    "Julia", "Romy", "Lou", "Inès", "Léna", "Agathe", "Juliette", "Zoé", "Manon", "Camille", "Lola",
    "Clémence", "Margaux", "Anaïs", "Eva", "Nina", "Salomé", "Maëlys", "Océane", "Elise", "Lucie",
    "Sarah", "Pauline", "Mathilde", "Charlotte", "Marine", "Laura", "Julie", "Aurélie", "Émilie",
    "Céline", "Sandrine", "Nathalie", "Isabelle", "Stéphanie", "Caroline", "Virginie", "Sophie", "Anne",
    "Claire", "Hélène", "Cécile", "Valérie", "Delphine", "Gwenaëlle", "Nolwenn", "Soizic", "Maïwenn",
    "Morgane", "Enora", "Rozenn", "Audrey", "Élodie", "Marion", "Vanessa", "Laetitia", "Solène", "Armelle",
)

# (postal code, city as the post office writes it, weight): mostly Vitré Communauté, some outside.
TOWNS = (
    ("35500", "VITRE", 30, True),
    ("35370", "ARGENTRE-DU-PLESSIS", 10, True),
    ("35220", "CHATEAUBOURG", 10, True),
    ("35130", "LA GUERCHE-DE-BRETAGNE", 8, True),
    ("35680", "LOUVIGNE-DE-BAIS", 4, True),
    ("35210", "CHATILLON-EN-VENDELAIS", 4, True),
    ("35500", "ERBREE", 3, True),
    ("35500", "POCE-LES-BOIS", 3, True),
    ("35500", "SAINT-AUBIN-DES-LANDES", 2, True),
    ("35370", "ETRELLES", 3, True),
    ("35220", "SAINT-DIDIER", 2, True),
    ("35680", "DOMAGNE", 3, True),
    ("35130", "RANNEE", 2, True),
    ("35210", "PRINCE", 1, True),
    ("35450", "VAL-D'IZE", 3, True),
    ("35133", "FOUGERES", 3, False),
    ("35510", "CESSON-SEVIGNE", 3, False),
    ("35000", "RENNES", 4, False),
    ("53410", "LE BOURGNEUF-LA-FORET", 1, False),
    ("53500", "ERNEE", 1, False),
)

STREETS = (
    "rue de Verdun", "rue Pasteur", "rue de la Poterie", "rue Notre-Dame", "rue d'En Bas", "rue Baudrairie",
    "boulevard des Rochers", "rue de Paris", "rue de Rennes", "avenue d'Helmstedt", "rue Jean Jaurès",
    "rue de la Gare", "rue du Château", "place du Marchix", "allée des Tilleuls", "rue des Écoles",
    "rue Victor Hugo", "impasse des Lilas", "rue de Bretagne", "chemin de la Vallée", "rue des Rosiers",
    "rue Saint-Martin", "rue du Général de Gaulle", "rue des Acacias", "lieu-dit La Haye",
    "lieu-dit Le Bois Cornillé", "rue de la Mairie", "rue du Stade", "rue des Forges", "rue de l'Église",
)

BIRTH_PLACES = (
    ("Vitré", "Ille-et-Vilaine"), ("Rennes", "Ille-et-Vilaine"), ("Fougères", "Ille-et-Vilaine"),
    ("Laval", "Mayenne"), ("Nantes", "Loire-Atlantique"), ("Saint-Malo", "Ille-et-Vilaine"),
    ("Angers", "Maine-et-Loire"), ("Paris", "Paris"), ("Brest", "Finistère"), ("Vannes", "Morbihan"),
    ("Saint-Brieuc", "Côtes-d'Armor"), ("Le Mans", "Sarthe"), ("Caen", "Calvados"),
)

# (PCS code, profession) from the INSEE list of socio-professional categories.
PROFESSIONS = (
    ("10", "Agriculteur exploitant"), ("21", "Artisan boulanger"), ("22", "Commerçant"),
    ("31", "Médecin généraliste"), ("33", "Cadre de la fonction publique"), ("34", "Professeur des écoles"),
    ("37", "Cadre commercial"), ("38", "Ingénieur"), ("43", "Infirmier"), ("46", "Technicien commercial"),
    ("47", "Technicien"), ("48", "Agent de maîtrise"), ("52", "Employé de mairie"), ("54", "Assistante de gestion"),
    ("55", "Vendeur"), ("56", "Aide à domicile"), ("62", "Ouvrier qualifié"), ("65", "Chauffeur routier"),
    ("69", "Ouvrier agricole"), ("84", "Étudiant"),
)

FAMILY_SITUATIONS = ("Marié(e)", "Pacsé(e)", "Vie maritale", "Célibataire", "Divorcé(e)", "Séparé(e)",
                     "Veuf(ve)")

SCHOOL_LEVELS = ("GS", "CP", "CE1", "CE2", "CM1", "CM2", "6e", "5e", "4e", "3e", "2nde", "1re", "Terminale")

# (room, site short name): rooms named after composers.
ROOMS = (
    ("Debussy", "Vitré"), ("Fauré", "Vitré"), ("Satie", "Vitré"), ("Bizet", "Vitré"), ("Chopin", "Vitré"),
    ("Poulenc", "Argentré"), ("Messiaen", "Argentré"), ("Lully", "Châteaubourg"), ("Rameau", "Châteaubourg"),
    ("Couperin", "La Guerche"), ("Gounod", "La Guerche"), ("Chabrier", "La Guerche"),
)

# The 25 disciplines: (name, department, is_instrument).
DISCIPLINES = (
    ("Piano", "Claviers", True), ("Violon", "Cordes", True), ("Alto", "Cordes", True),
    ("Violoncelle", "Cordes", True), ("Contrebasse", "Cordes", True), ("Flûte traversière", "Vents", True),
    ("Clarinette", "Vents", True), ("Hautbois", "Vents", True), ("Basson", "Vents", True),
    ("Saxophone", "Vents", True), ("Trompette", "Vents", True), ("Cor", "Vents", True),
    ("Trombone", "Vents", True), ("Tuba", "Vents", True), ("Percussions", "Percussions", True),
    ("Batterie", "Percussions", True), ("Guitare", "Cordes", True), ("Harpe", "Cordes", True),
    ("Accordéon", "Claviers", True), ("Chant", "Voix", True),
    ("Culture musicale", "Culture musicale générale", False), ("Orchestre", "Pratiques collectives", False),
    ("Chorale", "Voix", False), ("Théâtre", "Art dramatique", False),
    ("Musiques actuelles", "Musiques actuelles", False),
)

# The teachers besides the contract's three (BLANCHARD, GROSS, DUPONT): civility, last, first, disciplines.
TEACHERS = (
    ("Madame", "LE BRETON", "Anne", ("Piano",)),
    ("Monsieur", "KERVELLA", "Yves", ("Piano", "Accordéon")),
    ("Madame", "HAMELIN", "Claire", ("Violon", "Alto")),
    ("Monsieur", "JOUBERT", "Pierre", ("Violoncelle", "Contrebasse")),
    ("Madame", "RIVAUD", "Hélène", ("Flûte traversière",)),
    ("Monsieur", "MASSIAS", "Thierry", ("Clarinette",)),
    ("Madame", "DELORME", "Cécile", ("Hautbois", "Basson")),
    ("Monsieur", "ARCHAMBAULT", "Jean", ("Saxophone",)),
    ("Monsieur", "BOISSEAU", "Olivier", ("Trompette",)),
    ("Madame", "CORNEC", "Gaëlle", ("Cor", "Tuba")),
    ("Monsieur", "LAUNAY", "Didier", ("Trombone", "Tuba")),
    ("Monsieur", "PASDELOUP", "Sylvain", ("Percussions",)),
    ("Monsieur", "TRAVERS", "Kévin", ("Batterie", "Musiques actuelles")),
    ("Madame", "SEGOVIA", "Inès", ("Guitare",)),
    ("Monsieur", "REINHARDT", "Marc", ("Guitare", "Musiques actuelles")),
    ("Madame", "TOURNIER", "Marielle", ("Harpe",)),
    ("Madame", "GALLIANO", "Nadia", ("Accordéon",)),
    ("Madame", "VIARDOT", "Pauline", ("Chant", "Chorale")),
    ("Monsieur", "LE DANTEC", "Erwan", ("Chorale", "Chant")),
    ("Madame", "BOULANGER", "Nadège", ("Culture musicale",)),
    ("Monsieur", "CHAMBON", "Rémi", ("Culture musicale", "Orchestre")),
    ("Madame", "NAVARRA", "Sophie", ("Orchestre", "Violon")),
    ("Madame", "JOUVET", "Marie", ("Théâtre",)),
    ("Monsieur", "DULLIN", "Charles", ("Théâtre",)),
    ("Monsieur", "LE GUEN", "Tanguy", ("Musiques actuelles", "Guitare")),
    ("Madame", "PORTAL", "Agnès", ("Saxophone", "Clarinette")),
    ("Monsieur", "RAMPAL", "Jean-Pierre", ("Flûte traversière", "Piano")),
)

# Works per discipline for the repertoire: (work, composer).
WORKS = {
    "Piano": (("Gymnopédie n° 1", "Erik Satie"), ("Für Elise", "Ludwig van Beethoven"),
              ("Prélude en do majeur BWV 846", "Jean-Sébastien Bach"), ("Rêverie", "Claude Debussy"),
              ("Album pour la jeunesse, n° 1", "Robert Schumann"), ("Valse en la mineur", "Frédéric Chopin")),
    "Violon": (("Concerto en la mineur", "Antonio Vivaldi"), ("Méditation de Thaïs", "Jules Massenet"),
               ("Menuet", "Luigi Boccherini"), ("Gavotte", "François-Joseph Gossec")),
    "Violoncelle": (("Le Cygne", "Camille Saint-Saëns"), ("Suite n° 1, prélude", "Jean-Sébastien Bach"),
                    ("Élégie", "Gabriel Fauré")),
    "Flûte traversière": (("Syrinx", "Claude Debussy"), ("Sicilienne", "Gabriel Fauré"),
                          ("Badinerie", "Jean-Sébastien Bach")),
    "Clarinette": (("Petite pièce", "Claude Debussy"), ("Concerto K. 622, adagio", "Wolfgang Amadeus Mozart")),
    "Saxophone": (("Aria", "Eugène Bozza"), ("Pequeña Czarda", "Pedro Iturralde")),
    "Trompette": (("Trumpet Voluntary", "Jeremiah Clarke"), ("Concerto, andante", "Joseph Haydn")),
    "Guitare": (("Jeux interdits", "Anonyme"), ("Lágrima", "Francisco Tárrega"),
                ("Étude n° 1", "Heitor Villa-Lobos")),
    "Chant": (("Caro mio ben", "Giuseppe Giordani"), ("Après un rêve", "Gabriel Fauré")),
    "Culture musicale": (("Doctor Gradus ad Parnassum", "Claude Debussy"), ("Menuet en sol majeur", "Christian Petzold")),
    "*": (("Pièce imposée de fin de cycle", None), ("Air et variations", "Anonyme"),
          ("Le Carnaval des animaux, extrait", "Camille Saint-Saëns"), ("Pièce au choix", None)),
}

EVALUATION_NAMES = (
    ("Contrôle continu", "Technique"), ("Audition de Noël", "Interprétation"), ("Lecture à vue", "Lecture"),
    ("Contrôle rythmique", "Rythme"), ("Audition de printemps", "Interprétation"), ("Dictée musicale", "Écoute"),
)
MENTIONS = ((5, "A", "Très bien"), (4, "B", "Bien"), (3, "C", "Assez bien"), (2, "D", "Passable"),
            (1, "E", "Insuffisant"))
APPRECIATIONS = (
    "Très bon travail, continue ainsi.", "Bon travail, à poursuivre.", "Des progrès réguliers.",
    "Travail sérieux mais irrégulier.", "Il faut travailler davantage à la maison.",
    "Belle sensibilité musicale.", "Attention à la posture.", "Bonne écoute en groupe.",
)
ABSENCE_REASONS = ("Malade", "Rendez-vous médical", "Sortie scolaire", "Raison familiale", None)
