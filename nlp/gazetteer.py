"""A table of UK councils (and, apart, combined authorities and other principal bodies): official
name, place names, gov.uk domain label and tier.

Used to give a council named in a document its official form ("King's Lynn and West Norfolk
Borough Council" -> "Borough Council of King's Lynn & West Norfolk"), and only as a fallback
when a document names no council at all (by e-mail/web domain, then by place names).
Extend the table freely: one council per line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class CouncilRecord:
    name: str
    places: tuple[str, ...]
    domain: str
    tier: str  # "county" | "district" | "unitary" | "metropolitan" | "london"


def _record(line: str) -> CouncilRecord:
    name, places, domain, tier = (part.strip() for part in line.split("|"))
    return CouncilRecord(name, tuple(p.strip() for p in places.split(";")), domain, tier)


def councils() -> tuple[CouncilRecord, ...]:
    """Every council in the table."""
    return _COUNCILS


def compact(text: str) -> str:
    """Lower-case letters and digits only, "&" read as "and": how place names are compared."""
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text.lower()).replace("&", "and"))


def by_place(place: str) -> CouncilRecord | None:
    """The council whose place name (or a part of a joint name) this is, if any."""
    return _place_index().get(compact(place))


@lru_cache(maxsize=1)
def _place_index() -> dict[str, CouncilRecord]:
    """Compact place name -> council; a part of a joint name ("West Norfolk") counts too."""
    index: dict[str, CouncilRecord] = {}
    for record in _COUNCILS:
        for place in record.places:
            index.setdefault(compact(place), record)
    for record in _COUNCILS:
        for place in record.places:
            for part in re.split(r" +(?:&|and) +", place):
                index.setdefault(compact(part), record)
    return index


# A small table, used only as a fallback and to give names their canonical form:
# canonical name | place names (;) | gov.uk domain label | tier. Extend freely.
_COUNCIL_TABLE = """
Borough Council of King's Lynn & West Norfolk | King's Lynn & West Norfolk; King's Lynn and West Norfolk; King's Lynn; West Norfolk | west-norfolk | district
Norwich City Council | Norwich | norwich | district
Castle Point Borough Council | Castle Point | castlepoint | district
Copeland Borough Council | Copeland | copeland | district
Norfolk County Council | Norfolk | norfolk | county
Essex County Council | Essex | essex | county
Cumbria County Council | Cumbria | cumbria | county
Breckland District Council | Breckland | breckland | district
Broadland District Council | Broadland | broadland | district
Great Yarmouth Borough Council | Great Yarmouth | great-yarmouth | district
North Norfolk District Council | North Norfolk | north-norfolk | district
South Norfolk Council | South Norfolk | south-norfolk | district
Basildon Borough Council | Basildon | basildon | district
Braintree District Council | Braintree | braintree | district
Brentwood Borough Council | Brentwood | brentwood | district
Chelmsford City Council | Chelmsford | chelmsford | district
Colchester City Council | Colchester | colchester | district
Epping Forest District Council | Epping Forest | eppingforestdc | district
Harlow Council | Harlow | harlow | district
Maldon District Council | Maldon | maldon | district
Rochford District Council | Rochford | rochford | district
Tendring District Council | Tendring | tendringdc | district
Uttlesford District Council | Uttlesford | uttlesford | district
Southend-on-Sea City Council | Southend-on-Sea; Southend | southend | unitary
Thurrock Council | Thurrock | thurrock | unitary
Allerdale Borough Council | Allerdale | allerdale | district
Barrow-in-Furness Borough Council | Barrow-in-Furness; Barrow | barrowbc | district
Carlisle City Council | Carlisle | carlisle | district
Eden District Council | Eden | eden | district
South Lakeland District Council | South Lakeland | southlakeland | district
Cumberland Council | Cumberland | cumberland | unitary
Westmorland and Furness Council | Westmorland and Furness; Westmorland & Furness | westmorlandandfurness | unitary
Suffolk County Council | Suffolk | suffolk | county
Ipswich Borough Council | Ipswich | ipswich | district
East Suffolk Council | East Suffolk | eastsuffolk | district
West Suffolk Council | West Suffolk | westsuffolk | district
Babergh District Council | Babergh | babergh | district
Mid Suffolk District Council | Mid Suffolk | midsuffolk | district
Cambridgeshire County Council | Cambridgeshire | cambridgeshire | county
Cambridge City Council | Cambridge | cambridge | district
Peterborough City Council | Peterborough | peterborough | unitary
Fenland District Council | Fenland | fenland | district
Huntingdonshire District Council | Huntingdonshire | huntingdonshire | district
East Cambridgeshire District Council | East Cambridgeshire | eastcambs | district
South Cambridgeshire District Council | South Cambridgeshire | scambs | district
Hertfordshire County Council | Hertfordshire | hertfordshire | county
Kent County Council | Kent | kent | county
Surrey County Council | Surrey | surreycc | county
Hampshire County Council | Hampshire | hants | county
Lancashire County Council | Lancashire | lancashire | county
Lincolnshire County Council | Lincolnshire | lincolnshire | county
Devon County Council | Devon | devon | county
Derbyshire County Council | Derbyshire | derbyshire | county
Nottinghamshire County Council | Nottinghamshire | nottinghamshire | county
Leicestershire County Council | Leicestershire | leics | county
Staffordshire County Council | Staffordshire | staffordshire | county
Oxfordshire County Council | Oxfordshire | oxfordshire | county
Gloucestershire County Council | Gloucestershire | gloucestershire | county
Worcestershire County Council | Worcestershire | worcestershire | county
Warwickshire County Council | Warwickshire | warwickshire | county
West Sussex County Council | West Sussex | westsussex | county
East Sussex County Council | East Sussex | eastsussex | county
North Yorkshire Council | North Yorkshire | northyorks | unitary
Somerset Council | Somerset | somerset | unitary
Cornwall Council | Cornwall | cornwall | unitary
Wiltshire Council | Wiltshire | wiltshire | unitary
Shropshire Council | Shropshire | shropshire | unitary
Durham County Council | Durham; County Durham | durham | unitary
Northumberland County Council | Northumberland | northumberland | unitary
Cheshire East Council | Cheshire East | cheshireeast | unitary
Cheshire West and Chester Council | Cheshire West and Chester | cheshirewestandchester | unitary
Buckinghamshire Council | Buckinghamshire | buckinghamshire | unitary
Dorset Council | Dorset | dorsetcouncil | unitary
Herefordshire Council | Herefordshire | herefordshire | unitary
Isle of Wight Council | Isle of Wight | iow | unitary
Central Bedfordshire Council | Central Bedfordshire | centralbedfordshire | unitary
Bedford Borough Council | Bedford | bedford | unitary
Luton Borough Council | Luton | luton | unitary
Milton Keynes City Council | Milton Keynes | milton-keynes | unitary
Medway Council | Medway | medway | unitary
Brighton & Hove City Council | Brighton & Hove; Brighton and Hove | brighton-hove | unitary
Bristol City Council | Bristol | bristol | unitary
Bath and North East Somerset Council | Bath and North East Somerset | bathnes | unitary
Plymouth City Council | Plymouth | plymouth | unitary
Portsmouth City Council | Portsmouth | portsmouth | unitary
Southampton City Council | Southampton | southampton | unitary
Leicester City Council | Leicester | leicester | unitary
Nottingham City Council | Nottingham | nottinghamcity | unitary
Derby City Council | Derby | derby | unitary
Stoke-on-Trent City Council | Stoke-on-Trent | stoke | unitary
Hull City Council | Hull; Kingston upon Hull | hull | unitary
City of York Council | York | york | unitary
Birmingham City Council | Birmingham | birmingham | metropolitan
Manchester City Council | Manchester | manchester | metropolitan
Leeds City Council | Leeds | leeds | metropolitan
Sheffield City Council | Sheffield | sheffield | metropolitan
Liverpool City Council | Liverpool | liverpool | metropolitan
Bradford Metropolitan District Council | Bradford | bradford | metropolitan
Newcastle City Council | Newcastle upon Tyne; Newcastle | newcastle | metropolitan
Coventry City Council | Coventry | coventry | metropolitan
Wolverhampton City Council | Wolverhampton | wolverhampton | metropolitan
Sunderland City Council | Sunderland | sunderland | metropolitan
Salford City Council | Salford | salford | metropolitan
Wakefield Council | Wakefield | wakefield | metropolitan
Kirklees Council | Kirklees | kirklees | metropolitan
Calderdale Council | Calderdale | calderdale | metropolitan
Wirral Council | Wirral | wirral | metropolitan
Westminster City Council | Westminster | westminster | london
City of London Corporation | City of London | cityoflondon | london
Royal Borough of Windsor and Maidenhead | Windsor and Maidenhead; Windsor & Maidenhead | rbwm | unitary
Royal Borough of Greenwich | Greenwich | royalgreenwich | london
Royal Borough of Kingston upon Thames | Kingston upon Thames | kingston | london
Royal Borough of Kensington and Chelsea | Kensington and Chelsea; Kensington & Chelsea | rbkc | london
Borough of Broxbourne | Broxbourne | broxbourne | district
North Northamptonshire Council | North Northamptonshire | northnorthants | unitary
West Northamptonshire Council | West Northamptonshire | westnorthants | unitary
Bournemouth, Christchurch and Poole Council | Bournemouth, Christchurch and Poole; BCP | bcpcouncil | unitary
Folkestone & Hythe District Council | Folkestone & Hythe; Folkestone and Hythe | folkestone-hythe | district
Stratford-on-Avon District Council | Stratford-on-Avon | stratford | district
Newcastle-under-Lyme Borough Council | Newcastle-under-Lyme | newcastle-staffs | district
Redcar and Cleveland Borough Council | Redcar and Cleveland; Redcar & Cleveland | redcar-cleveland | unitary
Stockton-on-Tees Borough Council | Stockton-on-Tees | stockton | unitary
Telford & Wrekin Council | Telford & Wrekin; Telford and Wrekin | telford | unitary
Blackburn with Darwen Borough Council | Blackburn with Darwen | blackburn | unitary
Tunbridge Wells Borough Council | Tunbridge Wells | tunbridgewells | district
Tonbridge and Malling Borough Council | Tonbridge and Malling; Tonbridge & Malling | tmbc | district
Hinckley and Bosworth Borough Council | Hinckley and Bosworth; Hinckley & Bosworth | hinckley-bosworth | district
Oadby and Wigston Borough Council | Oadby and Wigston; Oadby & Wigston | oadby-wigston | district
Basingstoke and Deane Borough Council | Basingstoke and Deane; Basingstoke & Deane | basingstoke | district
Epsom and Ewell Borough Council | Epsom and Ewell; Epsom & Ewell | epsom-ewell | district
Reigate and Banstead Borough Council | Reigate and Banstead; Reigate & Banstead | reigate-banstead | district
Sandwell Metropolitan Borough Council | Sandwell | sandwell | metropolitan
Dudley Metropolitan Borough Council | Dudley | dudley | metropolitan
Walsall Council | Walsall | walsall | metropolitan
Solihull Metropolitan Borough Council | Solihull | solihull | metropolitan
Rotherham Metropolitan Borough Council | Rotherham | rotherham | metropolitan
Barnsley Metropolitan Borough Council | Barnsley | barnsley | metropolitan
City of Doncaster Council | Doncaster | doncaster | metropolitan
Gateshead Council | Gateshead | gateshead | metropolitan
North Tyneside Council | North Tyneside | northtyneside | metropolitan
South Tyneside Council | South Tyneside | southtyneside | metropolitan
Stockport Metropolitan Borough Council | Stockport | stockport | metropolitan
Trafford Council | Trafford | trafford | metropolitan
Tameside Metropolitan Borough Council | Tameside | tameside | metropolitan
Oldham Council | Oldham | oldham | metropolitan
Rochdale Borough Council | Rochdale | rochdale | metropolitan
Bury Council | Bury | bury | metropolitan
Bolton Council | Bolton | bolton | metropolitan
Wigan Council | Wigan | wigan | metropolitan
Knowsley Council | Knowsley | knowsley | metropolitan
Sefton Council | Sefton | sefton | metropolitan
St Helens Borough Council | St Helens | sthelens | metropolitan
East Riding of Yorkshire Council | East Riding of Yorkshire; East Riding | eastriding | unitary
North East Lincolnshire Council | North East Lincolnshire | nelincs | unitary
North Lincolnshire Council | North Lincolnshire | northlincs | unitary
Vale of White Horse District Council | Vale of White Horse | whitehorsedc | district
South Oxfordshire District Council | South Oxfordshire | southoxon | district
West Oxfordshire District Council | West Oxfordshire | westoxon | district
Cherwell District Council | Cherwell | cherwell | district
Oxford City Council | Oxford | oxford | district
Three Rivers District Council | Three Rivers | threerivers | district
St Albans City and District Council | St Albans | stalbans | district
Welwyn Hatfield Borough Council | Welwyn Hatfield | welhat | district
East Hertfordshire District Council | East Hertfordshire; East Herts | eastherts | district
North Hertfordshire District Council | North Hertfordshire; North Herts | north-herts | district
Dacorum Borough Council | Dacorum | dacorum | district
Hertsmere Borough Council | Hertsmere | hertsmere | district
Stevenage Borough Council | Stevenage | stevenage | district
Watford Borough Council | Watford | watford | district
South Holland District Council | South Holland | sholland | district
Boston Borough Council | Boston | boston | district
East Lindsey District Council | East Lindsey | e-lindsey | district
West Lindsey District Council | West Lindsey | west-lindsey | district
North Kesteven District Council | North Kesteven | n-kesteven | district
South Kesteven District Council | South Kesteven | southkesteven | district
City of Lincoln Council | Lincoln | lincoln | district
Ashford Borough Council | Ashford | ashford | district
Canterbury City Council | Canterbury | canterbury | district
Dartford Borough Council | Dartford | dartford | district
Dover District Council | Dover | dover | district
Gravesham Borough Council | Gravesham | gravesham | district
Maidstone Borough Council | Maidstone | maidstone | district
Sevenoaks District Council | Sevenoaks | sevenoaks | district
Swale Borough Council | Swale | swale | district
Thanet District Council | Thanet | thanet | district
Adur District Council | Adur | adur-worthing | district
Worthing Borough Council | Worthing | adur-worthing | district
Arun District Council | Arun | arun | district
Chichester District Council | Chichester | chichester | district
Crawley Borough Council | Crawley | crawley | district
Horsham District Council | Horsham | horsham | district
Mid Sussex District Council | Mid Sussex | midsussex | district
Eastbourne Borough Council | Eastbourne | lewes-eastbourne | district
Lewes District Council | Lewes | lewes-eastbourne | district
Hastings Borough Council | Hastings | hastings | district
Rother District Council | Rother | rother | district
Wealden District Council | Wealden | wealden | district
Elmbridge Borough Council | Elmbridge | elmbridge | district
Guildford Borough Council | Guildford | guildford | district
Mole Valley District Council | Mole Valley | molevalley | district
Runnymede Borough Council | Runnymede | runnymede | district
Spelthorne Borough Council | Spelthorne | spelthorne | district
Surrey Heath Borough Council | Surrey Heath | surreyheath | district
Tandridge District Council | Tandridge | tandridge | district
Waverley Borough Council | Waverley | waverley | district
Woking Borough Council | Woking | woking | district
Cardiff Council | Cardiff | cardiff | unitary
Swansea Council | Swansea | swansea | unitary
Glasgow City Council | Glasgow | glasgow | unitary
City of Edinburgh Council | Edinburgh | edinburgh | unitary
Aberdeen City Council | Aberdeen | aberdeencity | unitary
Belfast City Council | Belfast | belfastcity | unitary
"""

_COUNCILS: tuple[CouncilRecord, ...] = tuple(_record(line) for line in _COUNCIL_TABLE.strip().splitlines())

# Other principal bodies that publish council-style papers: the mayoral combined authorities and
# combined county authorities of England, the Greater London Authority, the Broads Authority and
# Wales's corporate joint committees. Same columns; the tier says the kind. Kept apart from the
# councils: their places ("West Midlands", "North East") name regions, not a council's area, so
# they never decide a document's council by place names alone (`nlp.council` reads these bodies
# from their letterhead). Fire, national park and police bodies are read by their name's shape.
_AUTHORITY_TABLE = """
Greater Manchester Combined Authority | Greater Manchester | greatermanchester-ca | combined authority
Liverpool City Region Combined Authority | Liverpool City Region | liverpoolcityregion-ca | combined authority
West Midlands Combined Authority | West Midlands | | combined authority
West Yorkshire Combined Authority | West Yorkshire | westyorks-ca | combined authority
South Yorkshire Mayoral Combined Authority | South Yorkshire; Sheffield City Region | southyorkshire-ca | combined authority
North East Combined Authority | North East | northeast-ca | combined authority
North of Tyne Combined Authority | North of Tyne | northoftyne-ca | combined authority
Tees Valley Combined Authority | Tees Valley | teesvalley-ca | combined authority
Cambridgeshire and Peterborough Combined Authority | Cambridgeshire and Peterborough; Cambridgeshire & Peterborough | cambridgeshirepeterborough-ca | combined authority
West of England Mayoral Combined Authority | West of England | westofengland-ca | combined authority
York and North Yorkshire Combined Authority | York and North Yorkshire; York & North Yorkshire | yorknorthyorks-ca | combined authority
Hull and East Yorkshire Combined Authority | Hull and East Yorkshire; Hull & East Yorkshire | | combined authority
East Midlands Combined County Authority | East Midlands | eastmidlands-cca | combined county authority
Greater Lincolnshire Combined County Authority | Greater Lincolnshire | | combined county authority
Devon and Torbay Combined County Authority | Devon and Torbay; Devon & Torbay | | combined county authority
Lancashire Combined County Authority | Lancashire | | combined county authority
Greater London Authority | Greater London | london | regional authority
Broads Authority | Broads | broads-authority | national park authority
South East Wales Corporate Joint Committee | South East Wales; Cardiff Capital Region | | corporate joint committee
South West Wales Corporate Joint Committee | South West Wales | | corporate joint committee
Mid Wales Corporate Joint Committee | Mid Wales | | corporate joint committee
North Wales Corporate Joint Committee | North Wales | | corporate joint committee
"""

_AUTHORITIES: tuple[CouncilRecord, ...] = tuple(_record(line) for line in _AUTHORITY_TABLE.strip().splitlines())


def authorities() -> tuple[CouncilRecord, ...]:
    """Every combined authority and other principal body in the table."""
    return _AUTHORITIES


def authority_by_place(place: str, kind: str) -> CouncilRecord | None:
    """The body of this kind ("combined authority", "combined county authority", ...) serving
    this place, if the table has it; a combined authority is found under either kind, as papers
    write "Mayoral" and "County" loosely."""
    key = compact(place)
    family = "combined" if "combined" in kind else kind
    for record in _AUTHORITIES:
        if (family in record.tier) and any(compact(p) == key for p in record.places):
            return record
    return None

