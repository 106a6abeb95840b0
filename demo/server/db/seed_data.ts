/** The demo's fixed cast: users, customers and products. Orders are generated from these by `seed.ts`. */

/** The cost of the users' password hashes (bcrypt rounds), for the seed and for refusing an unknown login as slowly. */
export const PASSWORD_COST = 10;

export interface SeedUser {
  login: string;
  password: string;
  name: string;
  email: string;
  role: "manager" | "salesperson";
}

export const SEED_USERS: SeedUser[] = [
  { login: "admin", password: "admin", name: "Mitchell Admin", email: "admin@yourcompany.example", role: "manager" },
  { login: "sales", password: "sales", name: "Marc Demo", email: "marc.demo@yourcompany.example", role: "salesperson" },
  { login: "joel", password: "joel", name: "Joel Willis", email: "joel.willis@yourcompany.example", role: "salesperson" },
];

/** [name, city, zip, country]; a customer without a zip is what the carrier integration refuses. */
export const SEED_CUSTOMERS: [string, string, string | null, string][] = [
  ["Azure Interior", "Fremont", "94538", "US"],
  ["Deco Addict", "Pleasant Hill", "94523", "US"],
  ["Gemini Furniture", "Fairfield", "06824", "US"],
  ["Lumber Inc", "Stockton", "95202", "US"],
  ["Ready Mat", "Tracy", "95304", "US"],
  ["The Jackson Group", "Miami", "33169", "US"],
  ["Wood Corner", "Turlock", "95380", "US"],
  ["YourCompany Warehouse", "Sacramento", "95814", "US"],
  ["Brandon Freeman Design", "Seattle", "98101", "US"],
  ["Colleen Diaz Studio", "Boston", "02108", "US"],
  ["Nordic Living", "Oslo", "0150", "NO"],
  ["Atelier Lumière", "Lyon", "69002", "FR"],
  ["Maison Verte", "Bordeaux", null, "FR"],
  ["Bureau Moderne", "Brussels", "1000", "BE"],
  ["De Koperen Ketel", "Ghent", "9000", "BE"],
  ["Huis & Haard", "Antwerp", "2000", "BE"],
  ["Casa Serena", "Valencia", "46001", "ES"],
  ["Studio Aalto", "Helsinki", "00100", "FI"],
  ["Berliner Raumwerk", "Berlin", "10115", "DE"],
  ["Münchner Möbelhaus", "Munich", "80331", "DE"],
  ["Hamburg Office Supply", "Hamburg", null, "DE"],
  ["Alpine Workspace", "Zurich", "8001", "CH"],
  ["Lisboa Design Co", "Lisbon", "1100-148", "PT"],
  ["Milano Arredamenti", "Milan", "20121", "IT"],
  ["Roma Uffici", "Rome", "00184", "IT"],
  ["Thames Interiors", "London", "EC1A 1BB", "GB"],
  ["Highland Joinery", "Inverness", "IV1 1AA", "GB"],
  ["Dublin Desk Works", "Dublin", "D02 X285", "IE"],
  ["Copenhagen Form", "Copenhagen", "1050", "DK"],
  ["Stockholm Studio", "Stockholm", "111 20", "SE"],
  ["Vienna Home Office", "Vienna", "1010", "AT"],
  ["Prague Oak & Iron", "Prague", "110 00", "CZ"],
  ["Warsaw Workplace", "Warsaw", "00-001", "PL"],
  ["Budapest Bútor", "Budapest", "1051", "HU"],
  ["Amsterdam Loft", "Amsterdam", "1012", "NL"],
  ["Rotterdam Harbour Offices", "Rotterdam", "3011", "NL"],
  ["Luxembourg Bureaux", "Luxembourg", "L-1111", "LU"],
  ["Montreal Mobilier", "Montreal", "H2Y 1C6", "CA"],
  ["Toronto Desk Co", "Toronto", "M5H 2N2", "CA"],
  ["Vancouver Cedar", "Vancouver", "V6B 1A1", "CA"],
  ["Sydney Workspace", "Sydney", "2000", "AU"],
  ["Melbourne Made", "Melbourne", "3000", "AU"],
  ["Auckland Timber", "Auckland", "1010", "NZ"],
  ["Tokyo Minimal", "Tokyo", "100-0001", "JP"],
  ["Osaka Office Lab", "Osaka", "530-0001", "JP"],
  ["Seoul Spaces", "Seoul", "04524", "KR"],
  ["Singapore Co-Work", "Singapore", "049145", "SG"],
  ["Dubai Business Bay", "Dubai", null, "AE"],
  ["Cape Town Creatives", "Cape Town", "8001", "ZA"],
  ["Nairobi Hub", "Nairobi", "00100", "KE"],
  ["São Paulo Escritórios", "São Paulo", "01000-000", "BR"],
  ["Buenos Aires Muebles", "Buenos Aires", "C1002", "AR"],
  ["Mexico City Oficinas", "Mexico City", "06000", "MX"],
  ["Chicago Loop Interiors", "Chicago", "60601", "US"],
  ["Austin Standing Desks", "Austin", "73301", "US"],
  ["Denver Mountain Office", "Denver", "80202", "US"],
];

/** [name, internal reference, list price]. */
export const SEED_PRODUCTS: [string, string, number][] = [
  ["Office Chair", "FURN_7777", 70],
  ["Office Chair Black", "FURN_0269", 120.5],
  ["Conference Chair", "FURN_1118", 33],
  ["Corner Desk Right Sit", "FURN_0001", 147],
  ["Corner Desk Left Sit", "FURN_0002", 85],
  ["Large Desk", "FURN_8888", 1799],
  ["Standing Desk", "FURN_9001", 649],
  ["Desk Combination", "FURN_7800", 450],
  ["Large Cabinet", "FURN_6666", 320],
  ["Small Shelf", "FURN_1234", 45],
  ["Storage Box", "E-COM08", 15.8],
  ["Drawer Black", "FURN_8900", 25],
  ["Flipover", "FURN_9999", 1950],
  ["Three-Seat Sofa", "FURN_8999", 1500],
  ["Acoustic Bloc Screens", "FURN_6741", 295],
  ["Cable Management Box", "FURN_5623", 100],
  ["Desk Organizer", "FURN_0004", 5.1],
  ["Desk Pad", "FURN_0005", 1.98],
  ["LED Lamp", "FURN_3801", 58],
  ["Pedal Bin", "FURN_0006", 47],
  ["Whiteboard Pen", "CONS_0001", 1.2],
  ["Monitor Arm", "FURN_4550", 129],
  ["Footrest", "FURN_2100", 39.9],
  ["Meeting Table", "FURN_5120", 890],
  ["Lockers (set of 6)", "FURN_6600", 1180],
  ["Installation (per hour)", "SERV_0001", 75],
];
