"""Forces: geography and local authorities (for street-level locations and LSOA names)."""

import re
from dataclasses import dataclass

# slug | name | latitude | longitude | lat sd | lon sd | rural share of incidents | authorities
_FORCE_TABLE = """
metropolitan|Metropolitan Police Service|51.500|-0.120|0.090|0.170|0.01|Westminster;Camden;\
Islington;Hackney;Tower Hamlets;Southwark;Lambeth;Newham;Croydon;Barnet;Ealing;Brent;Enfield;\
Haringey;Lewisham;Wandsworth;Hillingdon;Bromley
cumbria|Cumbria Constabulary|54.550|-3.100|0.300|0.300|0.50|Carlisle;Barrow-in-Furness;\
Allerdale;South Lakeland;Copeland;Eden
lancashire|Lancashire Constabulary|53.800|-2.600|0.150|0.250|0.20|Preston;Blackpool;\
Blackburn with Darwen;Lancaster;Burnley;Chorley;Wyre;Pendle;Hyndburn;West Lancashire
merseyside|Merseyside Police|53.420|-2.950|0.070|0.100|0.02|Liverpool;Wirral;Sefton;Knowsley;\
St. Helens
greater-manchester|Greater Manchester Police|53.490|-2.250|0.080|0.150|0.03|Manchester;Salford;\
Bolton;Wigan;Stockport;Oldham;Rochdale;Tameside;Trafford;Bury
cheshire|Cheshire Constabulary|53.180|-2.550|0.120|0.200|0.25|Cheshire West and Chester;\
Cheshire East;Warrington;Halton
northumbria|Northumbria Police|55.000|-1.650|0.150|0.250|0.15|Newcastle upon Tyne;Sunderland;\
Gateshead;North Tyneside;South Tyneside;Northumberland
durham|Durham Constabulary|54.708|-1.576|0.145|0.149|0.30|County Durham;Darlington
north-yorkshire|North Yorkshire Police|54.100|-1.300|0.300|0.450|0.50|York;Harrogate;\
Scarborough;Selby;Hambleton;Richmondshire;Ryedale;Craven
west-yorkshire|West Yorkshire Police|53.770|-1.650|0.080|0.180|0.05|Leeds;Bradford;Kirklees;\
Wakefield;Calderdale
south-yorkshire|South Yorkshire Police|53.480|-1.300|0.080|0.200|0.08|Sheffield;Rotherham;\
Doncaster;Barnsley
humberside|Humberside Constabulary|53.700|-0.450|0.150|0.300|0.25|Kingston upon Hull;\
East Riding of Yorkshire;North Lincolnshire;North East Lincolnshire
cleveland|Cleveland Police|54.560|-1.200|0.050|0.150|0.08|Middlesbrough;Stockton-on-Tees;\
Hartlepool;Redcar and Cleveland
west-midlands|West Midlands Police|52.480|-1.900|0.080|0.150|0.01|Birmingham;Coventry;\
Wolverhampton;Dudley;Sandwell;Walsall;Solihull
staffordshire|Staffordshire Police|52.850|-2.050|0.200|0.200|0.25|Stoke-on-Trent;Stafford;\
Newcastle-under-Lyme;East Staffordshire;Cannock Chase;Tamworth;Lichfield;South Staffordshire;\
Staffordshire Moorlands
west-mercia|West Mercia Police|52.400|-2.600|0.250|0.350|0.40|Herefordshire, County of;\
Shropshire;Telford and Wrekin;Worcester;Wychavon;Wyre Forest;Malvern Hills;Bromsgrove;Redditch
warwickshire|Warwickshire Police|52.383|-1.518|0.144|0.163|0.40|Nuneaton and Bedworth;Warwick;\
Stratford-on-Avon;Rugby;North Warwickshire
derbyshire|Derbyshire Constabulary|53.050|-1.550|0.200|0.200|0.30|Derby;Chesterfield;\
Amber Valley;Erewash;High Peak;North East Derbyshire;South Derbyshire;Derbyshire Dales;Bolsover
nottinghamshire|Nottinghamshire Police|53.050|-1.050|0.180|0.150|0.20|Nottingham;Ashfield;\
Mansfield;Gedling;Broxtowe;Rushcliffe;Newark and Sherwood;Bassetlaw
lincolnshire|Lincolnshire Police|53.100|-0.250|0.300|0.300|0.55|Lincoln;North Kesteven;\
South Kesteven;East Lindsey;West Lindsey;Boston;South Holland
leicestershire|Leicestershire Police|52.650|-1.100|0.130|0.200|0.25|Leicester;Charnwood;\
Hinckley and Bosworth;North West Leicestershire;Melton;Harborough;Blaby;Oadby and Wigston;Rutland
northamptonshire|Northamptonshire Police|52.300|-0.850|0.150|0.200|0.35|Northampton;Kettering;\
Corby;Wellingborough;Daventry;East Northamptonshire;South Northamptonshire
cambridgeshire|Cambridgeshire Constabulary|52.400|0.050|0.200|0.200|0.40|Cambridge;\
Peterborough;Huntingdonshire;Fenland;East Cambridgeshire;South Cambridgeshire
norfolk|Norfolk Constabulary|52.650|1.000|0.150|0.350|0.55|Norwich;King's Lynn and West Norfolk;\
Great Yarmouth;Breckland;Broadland;North Norfolk;South Norfolk
suffolk|Suffolk Constabulary|52.200|1.000|0.150|0.300|0.50|Ipswich;East Suffolk;West Suffolk;\
Babergh;Mid Suffolk
bedfordshire|Bedfordshire Police|52.050|-0.450|0.100|0.150|0.25|Luton;Bedford;\
Central Bedfordshire
hertfordshire|Hertfordshire Constabulary|51.800|-0.250|0.100|0.200|0.20|St Albans;Watford;\
Dacorum;Stevenage;Welwyn Hatfield;Hertsmere;Three Rivers;North Hertfordshire;East Hertfordshire;\
Broxbourne
essex|Essex Police|51.800|0.600|0.150|0.300|0.30|Southend-on-Sea;Thurrock;Chelmsford;Colchester;\
Basildon;Braintree;Harlow;Tendring;Epping Forest;Brentwood
thames-valley|Thames Valley Police|51.650|-1.000|0.200|0.350|0.30|Reading;Milton Keynes;Oxford;\
Slough;Wycombe;Aylesbury Vale;Cherwell;Vale of White Horse;Bracknell Forest;\
Windsor and Maidenhead;West Berkshire
hampshire|Hampshire Constabulary|51.000|-1.250|0.150|0.300|0.30|Southampton;Portsmouth;\
Basingstoke and Deane;Winchester;New Forest;Eastleigh;Havant;Test Valley;Isle of Wight
surrey|Surrey Police|51.250|-0.400|0.080|0.250|0.20|Guildford;Woking;Elmbridge;\
Reigate and Banstead;Waverley;Spelthorne;Runnymede;Epsom and Ewell
kent|Kent Police|51.200|0.750|0.150|0.400|0.30|Maidstone;Medway;Canterbury;Dartford;Thanet;\
Ashford;Swale;Tunbridge Wells;Folkestone and Hythe;Dover;Gravesham;Sevenoaks
sussex|Sussex Police|50.930|-0.300|0.100|0.400|0.30|Brighton and Hove;Crawley;Worthing;\
Eastbourne;Hastings;Chichester;Horsham;Mid Sussex;Arun;Wealden
city-of-london|City of London Police|51.515|-0.092|0.004|0.008|0.00|City of London
devon-and-cornwall|Devon and Cornwall Police|50.550|-4.200|0.250|0.600|0.50|Plymouth;Exeter;\
Torbay;Cornwall;East Devon;Teignbridge;North Devon;South Hams;Mid Devon;Torridge;West Devon
avon-and-somerset|Avon and Somerset Constabulary|51.300|-2.700|0.200|0.300|0.30|\
Bristol, City of;Bath and North East Somerset;North Somerset;South Gloucestershire;Mendip;\
Sedgemoor;Somerset West and Taunton;South Somerset
gloucestershire|Gloucestershire Constabulary|51.850|-2.200|0.150|0.200|0.40|Gloucester;\
Cheltenham;Stroud;Tewkesbury;Cotswold;Forest of Dean
wiltshire|Wiltshire Police|51.396|-1.915|0.194|0.192|0.45|Wiltshire;Swindon
dorset|Dorset Police|50.750|-2.200|0.100|0.350|0.35|Bournemouth, Christchurch and Poole;Dorset
north-wales|North Wales Police|53.178|-3.518|0.137|0.489|0.50|Wrexham;Flintshire;Conwy;\
Denbighshire;Gwynedd;Isle of Anglesey
gwent|Gwent Police|51.700|-3.000|0.100|0.150|0.25|Newport;Caerphilly;Torfaen;Monmouthshire;\
Blaenau Gwent
south-wales|South Wales Police|51.580|-3.550|0.100|0.350|0.15|Cardiff;Swansea;\
Rhondda Cynon Taf;Bridgend;Vale of Glamorgan;Neath Port Talbot;Merthyr Tydfil
dyfed-powys|Dyfed-Powys Police|52.100|-4.000|0.350|0.450|0.65|Carmarthenshire;Pembrokeshire;\
Ceredigion;Powys
"""
WELSH_FORCES = frozenset({"north-wales", "gwent", "south-wales", "dyfed-powys"})


@dataclass(frozen=True)
class ForceProfile:
    slug: str
    name: str
    lat: float
    lon: float
    lat_sd: float
    lon_sd: float
    rural_share: float
    authorities: tuple[str, ...]

    @property
    def welsh(self) -> bool:
        return self.slug in WELSH_FORCES


def _parse_force_table() -> dict[str, ForceProfile]:
    profiles = {}
    for line in _FORCE_TABLE.strip().splitlines():
        slug, name, lat, lon, lat_sd, lon_sd, rural, authorities = line.split("|")
        profiles[slug] = ForceProfile(
            slug,
            name,
            float(lat),
            float(lon),
            float(lat_sd),
            float(lon_sd),
            float(rural),
            tuple(authorities.split(";")),
        )
    return profiles


FORCE_PROFILES: dict[str, ForceProfile] = _parse_force_table()
_SLUG_BY_NAME = {p.name: p.slug for p in FORCE_PROFILES.values()}


def force_profile(slug: str, name: str = "") -> ForceProfile:
    """The embedded profile of a force, or a plain central-England one for an unknown force."""
    if slug in FORCE_PROFILES:
        return FORCE_PROFILES[slug]
    place = re.sub(r"\b(Police Service|Police|Constabulary)\b", "", name).strip() or "Area"
    return ForceProfile(slug, name, 52.5, -1.5, 0.15, 0.2, 0.25, (place,))
