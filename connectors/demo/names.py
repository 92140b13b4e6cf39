"""Word lists the Demo shop's generator draws from (plain data, no logic)."""

from __future__ import annotations

FIRST_NAMES = (
    "Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Dennis",
    "Radia", "Tim", "Hedy", "Linus", "Katherine", "Guido", "Sophie", "John", "Mary", "Niklaus",
    "Annie", "Claude", "Karen", "Bjarne", "Joan", "Leslie", "Shafi", "Tony", "Adele", "Yukihiro",
)  # fmt: skip
LAST_NAMES = (
    "Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton",
    "Ritchie", "Perlman", "Berners-Lee", "Lamarr", "Torvalds", "Johnson", "van Rossum", "Wilson",
    "McCarthy", "Keller", "Wirth", "Easley", "Shannon", "Jones", "Stroustrup", "Clarke", "Lamport",
    "Goldwasser", "Hoare", "Goldberg", "Matsumoto",
)  # fmt: skip

# (code2, code3, name, city, state code, state name, postcode)
PLACES = (
    ("US", "USA", "United States", "Springfield", "IL", "Illinois", "62701"),
    ("US", "USA", "United States", "Austin", "TX", "Texas", "73301"),
    ("US", "USA", "United States", "Portland", "OR", "Oregon", "97201"),
    ("GB", "GBR", "United Kingdom", "Manchester", "MAN", "Manchester", "M1 1AE"),
    ("DE", "DEU", "Germany", "Leipzig", "SN", "Sachsen", "04109"),
    ("FR", "FRA", "France", "Lyon", "ARA", "Auvergne-Rhône-Alpes", "69001"),
    ("CA", "CAN", "Canada", "Halifax", "NS", "Nova Scotia", "B3H 1A1"),
    ("NL", "NLD", "Netherlands", "Utrecht", "UT", "Utrecht", "3511 AA"),
)
STREETS = ("Main St", "Oak Ave", "Mill Lane", "Harbour Rd", "Station Sq", "Church St", "Park Row", "Elm Way")

# Three-level category tree: department -> group -> kind
DEPARTMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "Clothing": {
        "Tops": ("Shirts", "T-shirts", "Sweaters"),
        "Bottoms": ("Jeans", "Shorts", "Skirts"),
        "Outerwear": ("Jackets", "Coats"),
    },
    "Home": {
        "Kitchen": ("Cookware", "Knives", "Tableware"),
        "Living": ("Cushions", "Lamps", "Rugs"),
        "Bath": ("Towels", "Bath mats"),
    },
    "Outdoors": {
        "Camping": ("Tents", "Sleeping bags", "Stoves"),
        "Cycling": ("Helmets", "Lights", "Locks"),
    },
    "Books": {
        "Fiction": ("Novels", "Short stories"),
        "Non-fiction": ("History", "Science", "Cooking"),
    },
}
ADJECTIVES = (
    "Classic", "Light", "Sturdy", "Soft", "Compact", "Vintage", "Everyday", "Premium", "Eco", "Urban",
    "Alpine", "Coastal", "Nordic", "Rustic", "Modern",
)  # fmt: skip
MATERIALS = ("Linen", "Cotton", "Wool", "Oak", "Steel", "Ceramic", "Bamboo", "Leather", "Canvas", "Cast-iron")
SIZES = ("S", "M", "L", "XL")
COLOURS = ("Red", "Navy", "Olive", "Sand", "Black")
PAYMENT_METHODS = ("Credit card", "PayPal", "Bank transfer", "Cash on delivery")
SHIPPING_METHODS = (("Standard", "4.95"), ("Express", "12.50"), ("Pickup", "0"))
CARRIERS = ("ups", "usps", "dhl", "fedex")
