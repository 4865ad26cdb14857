#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "zones.h"

#define H(h) ((h)*3600)
#define HM(h, m) ((h)*3600 + ((h) < 0 ? -(m) : (m)) * 60)

/* Fixed abbreviations.  `home` lists the zones where press usage means the
 * abbreviation, so that "EDT" on a January date or "BST" in December is
 * refused.  Year-round users are listed only where they are a real reading
 * (Arizona for MST, Queensland for AEST); EST deliberately has no year-round
 * home, because "EST" written in summer almost always means Eastern time. */
/* clang-format off */
const struct zones_fixed zones_fixed_table[] = {
	{"UTC", "Coordinated Universal Time", 0, NULL,
	 "coordinated universal time|universal coordinated time", 0},
	{"GMT", "Greenwich Mean Time", 0, NULL, "greenwich mean time", 0},
	{"Z", "UTC", 0, NULL, "zulu|zulu time", 0},
	{"UT", "Universal Time", 0, NULL, "universal time", ZONES_AFTER_TIME},
	{"AoE", "Anywhere on Earth", H(-12), NULL, "anywhere on earth|aoe", 0},
	{"BST", "British Summer Time", H(1), "Europe/London", "british summer time", 0},
	{"WET", "Western European Time", 0, "Europe/Lisbon",
	 "western european time|western european standard time", 0},
	{"WEST", "Western European Summer Time", H(1), "Europe/Lisbon",
	 "western european summer time", 0},
	{"CET", "Central European Time", H(1), "Europe/Brussels Europe/Berlin Europe/Paris",
	 "central european time|central european standard time", 0},
	{"CEST", "Central European Summer Time", H(2),
	 "Europe/Brussels Europe/Berlin Europe/Paris", "central european summer time", 0},
	{"EET", "Eastern European Time", H(2), "Europe/Athens Europe/Helsinki Europe/Kyiv",
	 "eastern european time|eastern european standard time", 0},
	{"EEST", "Eastern European Summer Time", H(3),
	 "Europe/Athens Europe/Helsinki Europe/Kyiv", "eastern european summer time", 0},
	{"MSK", "Moscow Standard Time", H(3), "Europe/Moscow", "moscow standard time", 0},
	{"EST", "US Eastern Standard Time", H(-5), "America/New_York", "eastern standard time", 0},
	{"EDT", "US Eastern Daylight Time", H(-4), "America/New_York", "eastern daylight time", 0},
	{"CST", "US Central Standard Time", H(-6), "America/Chicago", "central standard time", 0},
	{"CST", "China Standard Time", H(8), "Asia/Shanghai", "china standard time", 0},
	{"CDT", "US Central Daylight Time", H(-5), "America/Chicago", "central daylight time", 0},
	{"MST", "US Mountain Standard Time", H(-7), "America/Denver America/Phoenix",
	 "mountain standard time", 0},
	{"MDT", "US Mountain Daylight Time", H(-6), "America/Denver", "mountain daylight time", 0},
	{"PST", "US Pacific Standard Time", H(-8), "America/Los_Angeles", "pacific standard time", 0},
	{"PDT", "US Pacific Daylight Time", H(-7), "America/Los_Angeles", "pacific daylight time", 0},
	{"AKST", "Alaska Standard Time", H(-9), "America/Anchorage", "alaska standard time", 0},
	{"AKDT", "Alaska Daylight Time", H(-8), "America/Anchorage", "alaska daylight time", 0},
	{"HST", "Hawaii Standard Time", H(-10), "Pacific/Honolulu",
	 "hawaii standard time|hawaii aleutian standard time", 0},
	{"AST", "Atlantic Standard Time", H(-4), "America/Halifax America/Puerto_Rico",
	 "atlantic standard time", 0},
	{"AST", "Arabia Standard Time", H(3), "Asia/Riyadh Asia/Baghdad Asia/Qatar Asia/Kuwait",
	 "arabia standard time|arabian standard time", 0},
	{"ADT", "Atlantic Daylight Time", H(-3), "America/Halifax", "atlantic daylight time", 0},
	{"NST", "Newfoundland Standard Time", HM(-3, 30), "America/St_Johns",
	 "newfoundland standard time", 0},
	{"NDT", "Newfoundland Daylight Time", HM(-2, 30), "America/St_Johns",
	 "newfoundland daylight time", 0},
	{"JST", "Japan Standard Time", H(9), "Asia/Tokyo", "japan standard time", 0},
	{"KST", "Korea Standard Time", H(9), "Asia/Seoul",
	 "korea standard time|korean standard time", 0},
	{"HKT", "Hong Kong Time", H(8), "Asia/Hong_Kong", "hong kong standard time", 0},
	{"SGT", "Singapore Time", H(8), "Asia/Singapore", "singapore standard time", 0},
	{"PHT", "Philippine Time", H(8), "Asia/Manila", "philippine standard time", 0},
	{"MYT", "Malaysia Time", H(8), "Asia/Kuala_Lumpur", "malaysia time", 0},
	{"WIB", "Western Indonesia Time", H(7), "Asia/Jakarta",
	 "western indonesia time|western indonesian time", 0},
	{"ICT", "Indochina Time", H(7), "Asia/Bangkok Asia/Ho_Chi_Minh", "indochina time", 0},
	{"IST", "India Standard Time", HM(5, 30), "Asia/Kolkata",
	 "india standard time|indian standard time", 0},
	{"IST", "Irish Standard Time", H(1), "Europe/Dublin", "irish standard time", 0},
	{"IST", "Israel Standard Time", H(2), "Asia/Jerusalem", "israel standard time", 0},
	{"IDT", "Israel Daylight Time", H(3), "Asia/Jerusalem", "israel daylight time", 0},
	{"PKT", "Pakistan Standard Time", H(5), "Asia/Karachi", "pakistan standard time", 0},
	{"NPT", "Nepal Time", HM(5, 45), "Asia/Kathmandu", "nepal time", 0},
	{"GST", "Gulf Standard Time", H(4), "Asia/Dubai Asia/Muscat", "gulf standard time", 0},
	{"SAST", "South Africa Standard Time", H(2), "Africa/Johannesburg",
	 "south africa standard time|south african standard time", 0},
	{"CAT", "Central Africa Time", H(2), "Africa/Maputo Africa/Harare Africa/Lusaka",
	 "central africa time", 0},
	{"EAT", "East Africa Time", H(3), "Africa/Nairobi Africa/Addis_Ababa",
	 "east africa time", 0},
	{"WAT", "West Africa Time", H(1), "Africa/Lagos", "west africa time", 0},
	{"AWST", "Australian Western Standard Time", H(8), "Australia/Perth",
	 "australian western standard time", 0},
	{"ACST", "Australian Central Standard Time", HM(9, 30),
	 "Australia/Adelaide Australia/Darwin", "australian central standard time", 0},
	{"ACDT", "Australian Central Daylight Time", HM(10, 30), "Australia/Adelaide",
	 "australian central daylight time", 0},
	{"AEST", "Australian Eastern Standard Time", H(10),
	 "Australia/Sydney Australia/Brisbane", "australian eastern standard time", 0},
	{"AEDT", "Australian Eastern Daylight Time", H(11), "Australia/Sydney",
	 "australian eastern daylight time", 0},
	{"NZST", "New Zealand Standard Time", H(12), "Pacific/Auckland",
	 "new zealand standard time", 0},
	{"NZDT", "New Zealand Daylight Time", H(13), "Pacific/Auckland",
	 "new zealand daylight time", 0},
	{"HNEC", "heure normale d'Europe centrale", H(1),
	 "Europe/Brussels Europe/Berlin Europe/Paris", NULL, 0},
	{"HAEC", "heure avancée d'Europe centrale", H(2),
	 "Europe/Brussels Europe/Berlin Europe/Paris", NULL, 0},
	{"TRT", "Turkey Time", H(3), "Europe/Istanbul", "turkey time", ZONES_AFTER_TIME},
	{"IRST", "Iran Standard Time", HM(3, 30), "Asia/Tehran", "iran standard time", ZONES_AFTER_TIME},
	{"AFT", "Afghanistan Time", HM(4, 30), "Asia/Kabul", "afghanistan time", ZONES_AFTER_TIME},
	{"MMT", "Myanmar Time", HM(6, 30), "Asia/Yangon", "myanmar time", ZONES_AFTER_TIME},
	{"WITA", "Central Indonesia Time", H(8), "Asia/Makassar",
	 "central indonesia time|central indonesian time", ZONES_AFTER_TIME},
	{"WIT", "Eastern Indonesia Time", H(9), "Asia/Jayapura",
	 "eastern indonesia time|eastern indonesian time", ZONES_AFTER_TIME},
	{"BRT", "Brasília Time", H(-3), "America/Sao_Paulo", "brasilia time|brasília time", 0},
	{"ART", "Argentina Time", H(-3), "America/Argentina/Buenos_Aires", "argentina time", ZONES_AFTER_TIME},
	{"UYT", "Uruguay Time", H(-3), "America/Montevideo", "uruguay time", ZONES_AFTER_TIME},
	{"CLT", "Chile Standard Time", H(-4), "America/Santiago", "chile standard time", ZONES_AFTER_TIME},
	{"CLST", "Chile Summer Time", H(-3), "America/Santiago", "chile summer time", ZONES_AFTER_TIME},
	{"COT", "Colombia Time", H(-5), "America/Bogota", "colombia time", ZONES_AFTER_TIME},
	{"PET", "Peru Time", H(-5), "America/Lima", "peru time", ZONES_AFTER_TIME},
	{"VET", "Venezuela Time", H(-4), "America/Caracas", "venezuela time", ZONES_AFTER_TIME},
};
const size_t zones_fixed_count = sizeof zones_fixed_table / sizeof zones_fixed_table[0];

#define NY "America/New_York"
#define CHI "America/Chicago"
#define DEN "America/Denver"
#define LA "America/Los_Angeles"

const struct zones_generic zones_generic_table[] = {
	{"et", NY, "ET", ZONES_CAPS},
	{"us et", NY, "ET", ZONES_CAPS},
	{"eastern", NY, "Eastern time", ZONES_AFTER_TIME},
	{"eastern time", NY, "Eastern time", 0},
	{"us eastern", NY, "US Eastern time", 0},
	{"us eastern time", NY, "US Eastern time", 0},
	{"ct", CHI, "CT", ZONES_CAPS},
	{"us ct", CHI, "CT", ZONES_CAPS},
	{"central", CHI, "Central time", ZONES_AFTER_TIME},
	{"central time", CHI, "Central time", 0},
	{"us central", CHI, "US Central time", 0},
	{"us central time", CHI, "US Central time", 0},
	{"mt", DEN, "MT", ZONES_CAPS},
	{"us mt", DEN, "MT", ZONES_CAPS},
	{"mountain", DEN, "Mountain time", ZONES_AFTER_TIME},
	{"mountain time", DEN, "Mountain time", 0},
	{"us mountain time", DEN, "US Mountain time", 0},
	{"pt", LA, "PT", ZONES_CAPS},
	{"us pt", LA, "PT", ZONES_CAPS},
	{"pacific", LA, "Pacific time", ZONES_AFTER_TIME},
	{"pacific time", LA, "Pacific time", 0},
	{"us pacific", LA, "US Pacific time", 0},
	{"us pacific time", LA, "US Pacific time", 0},
	{"alaska time", "America/Anchorage", "Alaska time", 0},
	{"hawaii time", "Pacific/Honolulu", "Hawaii time", 0},
	{"atlantic time", "America/Halifax", "Atlantic time", 0},
	{"newfoundland time", "America/St_Johns", "Newfoundland time", 0},
	{"aet", "Australia/Sydney", "AET", ZONES_CAPS},
	/* French: heure d'Europe centrale (the UN in Vienna, Geneva) */
	{"hec", "Europe/Paris", "HEC", ZONES_CAPS},
	{"australian eastern time", "Australia/Sydney", "Australian Eastern time", 0},
	{"australian central time", "Australia/Adelaide", "Australian Central time", 0},
	{"australian western time", "Australia/Perth", "Australian Western time", 0},
};
const size_t zones_generic_count = sizeof zones_generic_table / sizeof zones_generic_table[0];

#define US_ZONES                                                                          \
	"America/New_York America/Chicago America/Denver America/Phoenix "                \
	"America/Los_Angeles America/Anchorage Pacific/Honolulu"
#define CA_ZONES                                                                          \
	"America/St_Johns America/Halifax America/Toronto America/Winnipeg America/Regina " \
	"America/Edmonton America/Vancouver"
#define AU_ZONES                                                                          \
	"Australia/Sydney Australia/Melbourne Australia/Brisbane Australia/Adelaide "       \
	"Australia/Darwin Australia/Perth Australia/Hobart Australia/Lord_Howe"
#define BR_ZONES "America/Sao_Paulo America/Manaus America/Noronha America/Rio_Branco"
#define RU_ZONES                                                                          \
	"Europe/Kaliningrad Europe/Moscow Asia/Yekaterinburg Asia/Omsk Asia/Novosibirsk "  \
	"Asia/Krasnoyarsk Asia/Irkutsk Asia/Yakutsk Asia/Vladivostok Asia/Magadan "        \
	"Asia/Kamchatka"
#define MX_ZONES "America/Mexico_City America/Cancun America/Chihuahua America/Tijuana"
#define ID_ZONES "Asia/Jakarta Asia/Makassar Asia/Jayapura"
#define LON "Europe/London"
#define SYD "Australia/Sydney"

/* Places: the world's capitals, countries and the cities and regions press
 * releases name.  Names that are also common words or other places with
 * another zone (Nice, Victoria in the Seychelles, Georgia, Portland, San
 * Jose, Kingston) are left out: a wrong place would be a guess. */
const struct zones_place zones_place_table[] = {
	/* United Kingdom and Ireland */
	{"uk", LON}, {"united kingdom", LON}, {"britain", LON}, {"great britain", LON},
	{"british", LON}, {"england", LON}, {"english", LON}, {"scotland", LON},
	{"scottish", LON}, {"wales", LON}, {"northern ireland", LON}, {"london", LON},
	{"edinburgh", LON}, {"cardiff", LON}, {"belfast", LON}, {"manchester", LON},
	{"birmingham", LON}, {"glasgow", LON}, {"ireland", "Europe/Dublin"},
	{"irish", "Europe/Dublin"}, {"dublin", "Europe/Dublin"},
	/* Europe */
	{"albania", "Europe/Tirane"}, {"tirana", "Europe/Tirane"},
	{"andorra", "Europe/Andorra"}, {"andorra la vella", "Europe/Andorra"},
	{"austria", "Europe/Vienna"}, {"vienna", "Europe/Vienna"},
	{"belarus", "Europe/Minsk"}, {"minsk", "Europe/Minsk"},
	{"belgium", "Europe/Brussels"}, {"belgian", "Europe/Brussels"},
	{"brussels", "Europe/Brussels"}, {"bosnia", "Europe/Sarajevo"},
	{"bosnia and herzegovina", "Europe/Sarajevo"}, {"sarajevo", "Europe/Sarajevo"},
	{"bulgaria", "Europe/Sofia"}, {"sofia", "Europe/Sofia"},
	{"croatia", "Europe/Zagreb"}, {"zagreb", "Europe/Zagreb"},
	{"cyprus", "Asia/Nicosia"}, {"nicosia", "Asia/Nicosia"},
	{"czech republic", "Europe/Prague"}, {"czechia", "Europe/Prague"},
	{"prague", "Europe/Prague"}, {"denmark", "Europe/Copenhagen"},
	{"danish", "Europe/Copenhagen"}, {"copenhagen", "Europe/Copenhagen"},
	{"estonia", "Europe/Tallinn"}, {"tallinn", "Europe/Tallinn"},
	{"finland", "Europe/Helsinki"}, {"finnish", "Europe/Helsinki"},
	{"helsinki", "Europe/Helsinki"}, {"france", "Europe/Paris"},
	{"french", "Europe/Paris"}, {"paris", "Europe/Paris"}, {"strasbourg", "Europe/Paris"},
	{"lyon", "Europe/Paris"}, {"germany", "Europe/Berlin"}, {"german", "Europe/Berlin"},
	{"berlin", "Europe/Berlin"}, {"frankfurt", "Europe/Berlin"},
	{"munich", "Europe/Berlin"}, {"hamburg", "Europe/Berlin"},
	{"cologne", "Europe/Berlin"}, {"bonn", "Europe/Berlin"},
	{"dusseldorf", "Europe/Berlin"}, {"düsseldorf", "Europe/Berlin"},
	{"greece", "Europe/Athens"}, {"greek", "Europe/Athens"}, {"athens", "Europe/Athens"},
	{"hungary", "Europe/Budapest"}, {"budapest", "Europe/Budapest"},
	{"iceland", "Atlantic/Reykjavik"}, {"reykjavik", "Atlantic/Reykjavik"},
	{"reykjavík", "Atlantic/Reykjavik"}, {"italy", "Europe/Rome"},
	{"italian", "Europe/Rome"}, {"rome", "Europe/Rome"}, {"milan", "Europe/Rome"},
	{"kosovo", "Europe/Belgrade"}, {"pristina", "Europe/Belgrade"},
	{"latvia", "Europe/Riga"}, {"riga", "Europe/Riga"},
	{"liechtenstein", "Europe/Vaduz"}, {"vaduz", "Europe/Vaduz"},
	{"lithuania", "Europe/Vilnius"}, {"vilnius", "Europe/Vilnius"},
	{"luxembourg", "Europe/Luxembourg"}, {"malta", "Europe/Malta"},
	{"valletta", "Europe/Malta"}, {"moldova", "Europe/Chisinau"},
	{"chisinau", "Europe/Chisinau"}, {"monaco", "Europe/Monaco"},
	{"montenegro", "Europe/Podgorica"}, {"podgorica", "Europe/Podgorica"},
	{"netherlands", "Europe/Amsterdam"}, {"the netherlands", "Europe/Amsterdam"},
	{"holland", "Europe/Amsterdam"}, {"dutch", "Europe/Amsterdam"},
	{"amsterdam", "Europe/Amsterdam"}, {"the hague", "Europe/Amsterdam"},
	{"rotterdam", "Europe/Amsterdam"}, {"north macedonia", "Europe/Skopje"},
	{"skopje", "Europe/Skopje"}, {"norway", "Europe/Oslo"},
	{"norwegian", "Europe/Oslo"}, {"oslo", "Europe/Oslo"}, {"poland", "Europe/Warsaw"},
	{"polish", "Europe/Warsaw"}, {"warsaw", "Europe/Warsaw"},
	{"portugal", "Europe/Lisbon"}, {"portuguese", "Europe/Lisbon"},
	{"lisbon", "Europe/Lisbon"}, {"romania", "Europe/Bucharest"},
	{"bucharest", "Europe/Bucharest"}, {"russia", RU_ZONES}, {"russian", RU_ZONES},
	{"moscow", "Europe/Moscow"}, {"st petersburg", "Europe/Moscow"},
	{"saint petersburg", "Europe/Moscow"}, {"san marino", "Europe/San_Marino"},
	{"serbia", "Europe/Belgrade"}, {"belgrade", "Europe/Belgrade"},
	{"slovakia", "Europe/Bratislava"}, {"bratislava", "Europe/Bratislava"},
	{"slovenia", "Europe/Ljubljana"}, {"ljubljana", "Europe/Ljubljana"},
	{"spain", "Europe/Madrid"}, {"spanish", "Europe/Madrid"}, {"madrid", "Europe/Madrid"},
	{"barcelona", "Europe/Madrid"}, {"sweden", "Europe/Stockholm"},
	{"swedish", "Europe/Stockholm"}, {"stockholm", "Europe/Stockholm"},
	{"switzerland", "Europe/Zurich"}, {"swiss", "Europe/Zurich"}, {"bern", "Europe/Zurich"},
	{"berne", "Europe/Zurich"}, {"geneva", "Europe/Zurich"}, {"zurich", "Europe/Zurich"},
	{"zürich", "Europe/Zurich"}, {"basel", "Europe/Zurich"}, {"davos", "Europe/Zurich"},
	{"lausanne", "Europe/Zurich"}, {"turkey", "Europe/Istanbul"},
	{"türkiye", "Europe/Istanbul"}, {"turkish", "Europe/Istanbul"},
	{"ankara", "Europe/Istanbul"}, {"istanbul", "Europe/Istanbul"},
	{"ukraine", "Europe/Kyiv"}, {"kyiv", "Europe/Kyiv"}, {"kiev", "Europe/Kyiv"},
	{"vatican", "Europe/Vatican"}, {"vatican city", "Europe/Vatican"},
	{"gibraltar", "Europe/Gibraltar"},
	/* Asia */
	{"afghanistan", "Asia/Kabul"}, {"kabul", "Asia/Kabul"},
	{"armenia", "Asia/Yerevan"}, {"yerevan", "Asia/Yerevan"},
	{"azerbaijan", "Asia/Baku"}, {"baku", "Asia/Baku"}, {"bahrain", "Asia/Bahrain"},
	{"manama", "Asia/Bahrain"}, {"bangladesh", "Asia/Dhaka"}, {"dhaka", "Asia/Dhaka"},
	{"bhutan", "Asia/Thimphu"}, {"thimphu", "Asia/Thimphu"}, {"brunei", "Asia/Brunei"},
	{"bandar seri begawan", "Asia/Brunei"}, {"cambodia", "Asia/Phnom_Penh"},
	{"phnom penh", "Asia/Phnom_Penh"}, {"china", "Asia/Shanghai"},
	{"chinese", "Asia/Shanghai"}, {"beijing", "Asia/Shanghai"},
	{"shanghai", "Asia/Shanghai"}, {"shenzhen", "Asia/Shanghai"},
	{"guangzhou", "Asia/Shanghai"}, {"hong kong", "Asia/Hong_Kong"},
	{"macau", "Asia/Macau"}, {"macao", "Asia/Macau"}, {"taiwan", "Asia/Taipei"},
	{"taipei", "Asia/Taipei"}, {"tbilisi", "Asia/Tbilisi"}, {"india", "Asia/Kolkata"},
	{"indian", "Asia/Kolkata"}, {"new delhi", "Asia/Kolkata"}, {"delhi", "Asia/Kolkata"},
	{"mumbai", "Asia/Kolkata"}, {"bombay", "Asia/Kolkata"}, {"bengaluru", "Asia/Kolkata"},
	{"bangalore", "Asia/Kolkata"}, {"chennai", "Asia/Kolkata"},
	{"kolkata", "Asia/Kolkata"}, {"calcutta", "Asia/Kolkata"},
	{"hyderabad", "Asia/Kolkata"}, {"indonesia", ID_ZONES}, {"jakarta", "Asia/Jakarta"},
	{"bali", "Asia/Makassar"}, {"iran", "Asia/Tehran"}, {"tehran", "Asia/Tehran"},
	{"iraq", "Asia/Baghdad"}, {"baghdad", "Asia/Baghdad"}, {"israel", "Asia/Jerusalem"},
	{"israeli", "Asia/Jerusalem"}, {"jerusalem", "Asia/Jerusalem"},
	{"tel aviv", "Asia/Jerusalem"}, {"japan", "Asia/Tokyo"}, {"japanese", "Asia/Tokyo"},
	{"tokyo", "Asia/Tokyo"}, {"osaka", "Asia/Tokyo"}, {"kyoto", "Asia/Tokyo"},
	{"jordan", "Asia/Amman"}, {"amman", "Asia/Amman"}, {"kazakhstan", "Asia/Almaty"},
	{"astana", "Asia/Almaty"}, {"almaty", "Asia/Almaty"}, {"kuwait", "Asia/Kuwait"},
	{"kuwait city", "Asia/Kuwait"}, {"kyrgyzstan", "Asia/Bishkek"},
	{"bishkek", "Asia/Bishkek"}, {"laos", "Asia/Vientiane"},
	{"vientiane", "Asia/Vientiane"}, {"lebanon", "Asia/Beirut"}, {"beirut", "Asia/Beirut"},
	{"malaysia", "Asia/Kuala_Lumpur"}, {"kuala lumpur", "Asia/Kuala_Lumpur"},
	{"putrajaya", "Asia/Kuala_Lumpur"}, {"maldives", "Indian/Maldives"},
	{"malé", "Indian/Maldives"}, {"mongolia", "Asia/Ulaanbaatar"},
	{"ulaanbaatar", "Asia/Ulaanbaatar"}, {"myanmar", "Asia/Yangon"},
	{"burma", "Asia/Yangon"}, {"naypyidaw", "Asia/Yangon"}, {"yangon", "Asia/Yangon"},
	{"nepal", "Asia/Kathmandu"}, {"kathmandu", "Asia/Kathmandu"},
	{"north korea", "Asia/Pyongyang"}, {"pyongyang", "Asia/Pyongyang"},
	{"south korea", "Asia/Seoul"}, {"korea", "Asia/Seoul"}, {"korean", "Asia/Seoul"},
	{"seoul", "Asia/Seoul"}, {"oman", "Asia/Muscat"}, {"muscat", "Asia/Muscat"},
	{"pakistan", "Asia/Karachi"}, {"islamabad", "Asia/Karachi"},
	{"karachi", "Asia/Karachi"}, {"lahore", "Asia/Karachi"},
	{"philippines", "Asia/Manila"}, {"philippine", "Asia/Manila"},
	{"manila", "Asia/Manila"}, {"qatar", "Asia/Qatar"}, {"doha", "Asia/Qatar"},
	{"saudi arabia", "Asia/Riyadh"}, {"riyadh", "Asia/Riyadh"}, {"jeddah", "Asia/Riyadh"},
	{"singapore", "Asia/Singapore"}, {"sri lanka", "Asia/Colombo"},
	{"colombo", "Asia/Colombo"}, {"syria", "Asia/Damascus"}, {"damascus", "Asia/Damascus"},
	{"tajikistan", "Asia/Dushanbe"}, {"dushanbe", "Asia/Dushanbe"},
	{"thailand", "Asia/Bangkok"}, {"thai", "Asia/Bangkok"}, {"bangkok", "Asia/Bangkok"},
	{"east timor", "Asia/Dili"}, {"timor leste", "Asia/Dili"}, {"dili", "Asia/Dili"},
	{"turkmenistan", "Asia/Ashgabat"}, {"ashgabat", "Asia/Ashgabat"},
	{"united arab emirates", "Asia/Dubai"}, {"uae", "Asia/Dubai"}, {"dubai", "Asia/Dubai"},
	{"abu dhabi", "Asia/Dubai"}, {"uzbekistan", "Asia/Tashkent"},
	{"tashkent", "Asia/Tashkent"}, {"vietnam", "Asia/Ho_Chi_Minh"},
	{"viet nam", "Asia/Ho_Chi_Minh"}, {"hanoi", "Asia/Ho_Chi_Minh"},
	{"ho chi minh city", "Asia/Ho_Chi_Minh"}, {"yemen", "Asia/Aden"},
	{"sanaa", "Asia/Aden"}, {"gaza", "Asia/Gaza"},
	/* Africa */
	{"algeria", "Africa/Algiers"}, {"algiers", "Africa/Algiers"},
	{"angola", "Africa/Luanda"}, {"luanda", "Africa/Luanda"}, {"benin", "Africa/Porto-Novo"},
	{"porto novo", "Africa/Porto-Novo"}, {"botswana", "Africa/Gaborone"},
	{"gaborone", "Africa/Gaborone"}, {"burkina faso", "Africa/Ouagadougou"},
	{"ouagadougou", "Africa/Ouagadougou"}, {"burundi", "Africa/Bujumbura"},
	{"gitega", "Africa/Bujumbura"}, {"bujumbura", "Africa/Bujumbura"},
	{"cameroon", "Africa/Douala"}, {"yaounde", "Africa/Douala"},
	{"yaoundé", "Africa/Douala"}, {"douala", "Africa/Douala"},
	{"cape verde", "Atlantic/Cape_Verde"}, {"cabo verde", "Atlantic/Cape_Verde"},
	{"praia", "Atlantic/Cape_Verde"}, {"central african republic", "Africa/Bangui"},
	{"bangui", "Africa/Bangui"}, {"chad", "Africa/Ndjamena"},
	{"ndjamena", "Africa/Ndjamena"}, {"comoros", "Indian/Comoro"},
	{"moroni", "Indian/Comoro"}, {"brazzaville", "Africa/Brazzaville"},
	{"republic of the congo", "Africa/Brazzaville"},
	{"democratic republic of the congo", "Africa/Kinshasa Africa/Lubumbashi"},
	{"drc", "Africa/Kinshasa Africa/Lubumbashi"}, {"kinshasa", "Africa/Kinshasa"},
	{"djibouti", "Africa/Djibouti"}, {"egypt", "Africa/Cairo"},
	{"egyptian", "Africa/Cairo"}, {"cairo", "Africa/Cairo"},
	{"equatorial guinea", "Africa/Malabo"}, {"malabo", "Africa/Malabo"},
	{"eritrea", "Africa/Asmara"}, {"asmara", "Africa/Asmara"},
	{"eswatini", "Africa/Mbabane"}, {"swaziland", "Africa/Mbabane"},
	{"mbabane", "Africa/Mbabane"}, {"ethiopia", "Africa/Addis_Ababa"},
	{"addis ababa", "Africa/Addis_Ababa"}, {"gabon", "Africa/Libreville"},
	{"libreville", "Africa/Libreville"}, {"gambia", "Africa/Banjul"},
	{"the gambia", "Africa/Banjul"}, {"banjul", "Africa/Banjul"},
	{"ghana", "Africa/Accra"}, {"accra", "Africa/Accra"}, {"guinea", "Africa/Conakry"},
	{"conakry", "Africa/Conakry"}, {"guinea bissau", "Africa/Bissau"},
	{"bissau", "Africa/Bissau"}, {"ivory coast", "Africa/Abidjan"},
	{"abidjan", "Africa/Abidjan"}, {"yamoussoukro", "Africa/Abidjan"},
	{"kenya", "Africa/Nairobi"}, {"nairobi", "Africa/Nairobi"},
	{"lesotho", "Africa/Maseru"}, {"maseru", "Africa/Maseru"},
	{"liberia", "Africa/Monrovia"}, {"monrovia", "Africa/Monrovia"},
	{"libya", "Africa/Tripoli"}, {"tripoli", "Africa/Tripoli"},
	{"madagascar", "Indian/Antananarivo"}, {"antananarivo", "Indian/Antananarivo"},
	{"malawi", "Africa/Blantyre"}, {"lilongwe", "Africa/Blantyre"},
	{"mali", "Africa/Bamako"}, {"bamako", "Africa/Bamako"},
	{"mauritania", "Africa/Nouakchott"}, {"nouakchott", "Africa/Nouakchott"},
	{"mauritius", "Indian/Mauritius"}, {"port louis", "Indian/Mauritius"},
	{"morocco", "Africa/Casablanca"}, {"rabat", "Africa/Casablanca"},
	{"casablanca", "Africa/Casablanca"}, {"mozambique", "Africa/Maputo"},
	{"maputo", "Africa/Maputo"}, {"namibia", "Africa/Windhoek"},
	{"windhoek", "Africa/Windhoek"}, {"niger", "Africa/Niamey"},
	{"niamey", "Africa/Niamey"}, {"nigeria", "Africa/Lagos"}, {"abuja", "Africa/Lagos"},
	{"lagos", "Africa/Lagos"}, {"rwanda", "Africa/Kigali"}, {"kigali", "Africa/Kigali"},
	{"sao tome and principe", "Africa/Sao_Tome"}, {"são tomé", "Africa/Sao_Tome"},
	{"senegal", "Africa/Dakar"}, {"dakar", "Africa/Dakar"},
	{"seychelles", "Indian/Mahe"}, {"sierra leone", "Africa/Freetown"},
	{"freetown", "Africa/Freetown"}, {"somalia", "Africa/Mogadishu"},
	{"mogadishu", "Africa/Mogadishu"}, {"south africa", "Africa/Johannesburg"},
	{"south african", "Africa/Johannesburg"}, {"pretoria", "Africa/Johannesburg"},
	{"johannesburg", "Africa/Johannesburg"}, {"cape town", "Africa/Johannesburg"},
	{"durban", "Africa/Johannesburg"}, {"south sudan", "Africa/Juba"},
	{"juba", "Africa/Juba"}, {"sudan", "Africa/Khartoum"}, {"khartoum", "Africa/Khartoum"},
	{"tanzania", "Africa/Dar_es_Salaam"}, {"dodoma", "Africa/Dar_es_Salaam"},
	{"dar es salaam", "Africa/Dar_es_Salaam"}, {"togo", "Africa/Lome"},
	{"lome", "Africa/Lome"}, {"lomé", "Africa/Lome"}, {"tunisia", "Africa/Tunis"},
	{"tunis", "Africa/Tunis"}, {"uganda", "Africa/Kampala"}, {"kampala", "Africa/Kampala"},
	{"zambia", "Africa/Lusaka"}, {"lusaka", "Africa/Lusaka"},
	{"zimbabwe", "Africa/Harare"}, {"harare", "Africa/Harare"},
	/* Americas */
	{"united states", US_ZONES}, {"united states of america", US_ZONES},
	{"us", US_ZONES}, {"usa", US_ZONES}, {"washington", NY}, {"washington dc", NY},
	{"new york", NY}, {"new york city", NY}, {"nyc", NY}, {"boston", NY},
	{"philadelphia", NY}, {"atlanta", NY}, {"miami", NY}, {"detroit", "America/Detroit"},
	{"pittsburgh", NY}, {"baltimore", NY}, {"charlotte", NY}, {"florida", NY " " CHI},
	{"chicago", CHI}, {"illinois", CHI}, {"dallas", CHI}, {"houston", CHI},
	{"austin", CHI}, {"minneapolis", CHI}, {"st louis", CHI}, {"nashville", CHI},
	{"new orleans", CHI}, {"kansas city", CHI}, {"texas", CHI " " DEN},
	{"denver", DEN}, {"colorado", DEN}, {"salt lake city", DEN},
	{"albuquerque", DEN}, {"phoenix", "America/Phoenix"}, {"arizona", "America/Phoenix"},
	{"los angeles", LA}, {"san francisco", LA}, {"seattle", LA}, {"san diego", LA},
	{"las vegas", LA}, {"sacramento", LA}, {"silicon valley", LA}, {"california", LA},
	{"washington state", LA}, {"anchorage", "America/Anchorage"},
	{"alaska", "America/Anchorage"}, {"honolulu", "Pacific/Honolulu"},
	{"hawaii", "Pacific/Honolulu"}, {"puerto rico", "America/Puerto_Rico"},
	{"san juan", "America/Puerto_Rico"}, {"canada", CA_ZONES}, {"canadian", CA_ZONES},
	{"ottawa", "America/Toronto"}, {"toronto", "America/Toronto"},
	{"montreal", "America/Toronto"}, {"montréal", "America/Toronto"},
	{"quebec", "America/Toronto"}, {"ontario", "America/Toronto"},
	{"vancouver", "America/Vancouver"}, {"british columbia", "America/Vancouver"},
	{"calgary", "America/Edmonton"}, {"edmonton", "America/Edmonton"},
	{"alberta", "America/Edmonton"}, {"winnipeg", "America/Winnipeg"},
	{"regina", "America/Regina"}, {"saskatchewan", "America/Regina"},
	{"halifax", "America/Halifax"}, {"nova scotia", "America/Halifax"},
	{"newfoundland", "America/St_Johns"}, {"mexico", MX_ZONES},
	{"mexico city", "America/Mexico_City"}, {"guadalajara", "America/Mexico_City"},
	{"monterrey", "America/Monterrey"}, {"antigua and barbuda", "America/Antigua"},
	{"argentina", "America/Argentina/Buenos_Aires"},
	{"buenos aires", "America/Argentina/Buenos_Aires"}, {"bahamas", "America/Nassau"},
	{"the bahamas", "America/Nassau"}, {"nassau", "America/Nassau"},
	{"barbados", "America/Barbados"}, {"bridgetown", "America/Barbados"},
	{"belize", "America/Belize"}, {"belmopan", "America/Belize"},
	{"bolivia", "America/La_Paz"}, {"la paz", "America/La_Paz"},
	{"sucre", "America/La_Paz"}, {"brazil", BR_ZONES}, {"brazilian", BR_ZONES},
	{"brasília", "America/Sao_Paulo"}, {"brasilia", "America/Sao_Paulo"},
	{"são paulo", "America/Sao_Paulo"}, {"sao paulo", "America/Sao_Paulo"},
	{"rio de janeiro", "America/Sao_Paulo"}, {"chile", "America/Santiago"},
	{"santiago", "America/Santiago"}, {"colombia", "America/Bogota"},
	{"bogota", "America/Bogota"}, {"bogotá", "America/Bogota"},
	{"costa rica", "America/Costa_Rica"}, {"cuba", "America/Havana"},
	{"havana", "America/Havana"}, {"dominica", "America/Dominica"},
	{"roseau", "America/Dominica"}, {"dominican republic", "America/Santo_Domingo"},
	{"santo domingo", "America/Santo_Domingo"}, {"ecuador", "America/Guayaquil"},
	{"quito", "America/Guayaquil"}, {"guayaquil", "America/Guayaquil"},
	{"el salvador", "America/El_Salvador"}, {"san salvador", "America/El_Salvador"},
	{"grenada", "America/Grenada"}, {"guatemala", "America/Guatemala"},
	{"guatemala city", "America/Guatemala"}, {"guyana", "America/Guyana"},
	{"haiti", "America/Port-au-Prince"}, {"port au prince", "America/Port-au-Prince"},
	{"honduras", "America/Tegucigalpa"}, {"tegucigalpa", "America/Tegucigalpa"},
	{"jamaica", "America/Jamaica"}, {"nicaragua", "America/Managua"},
	{"managua", "America/Managua"}, {"panama", "America/Panama"},
	{"panama city", "America/Panama"}, {"paraguay", "America/Asuncion"},
	{"asuncion", "America/Asuncion"}, {"asunción", "America/Asuncion"},
	{"peru", "America/Lima"}, {"lima", "America/Lima"},
	{"saint kitts and nevis", "America/St_Kitts"}, {"basseterre", "America/St_Kitts"},
	{"saint lucia", "America/St_Lucia"}, {"castries", "America/St_Lucia"},
	{"saint vincent and the grenadines", "America/St_Vincent"},
	{"kingstown", "America/St_Vincent"}, {"suriname", "America/Paramaribo"},
	{"paramaribo", "America/Paramaribo"}, {"trinidad and tobago", "America/Port_of_Spain"},
	{"port of spain", "America/Port_of_Spain"}, {"uruguay", "America/Montevideo"},
	{"montevideo", "America/Montevideo"}, {"venezuela", "America/Caracas"},
	{"caracas", "America/Caracas"},
	/* Oceania */
	{"australia", AU_ZONES}, {"australian", AU_ZONES}, {"canberra", SYD}, {"sydney", SYD},
	{"new south wales", SYD}, {"nsw", SYD}, {"melbourne", "Australia/Melbourne"},
	{"victoria", "Australia/Melbourne"}, {"brisbane", "Australia/Brisbane"},
	{"queensland", "Australia/Brisbane"}, {"gold coast", "Australia/Brisbane"},
	{"adelaide", "Australia/Adelaide"}, {"south australia", "Australia/Adelaide"},
	{"darwin", "Australia/Darwin"}, {"northern territory", "Australia/Darwin"},
	{"perth", "Australia/Perth"}, {"western australia", "Australia/Perth"},
	{"hobart", "Australia/Hobart"}, {"tasmania", "Australia/Hobart"},
	{"lord howe", "Australia/Lord_Howe"}, {"lord howe island", "Australia/Lord_Howe"},
	{"new zealand", "Pacific/Auckland"}, {"nz", "Pacific/Auckland"},
	{"wellington", "Pacific/Auckland"}, {"auckland", "Pacific/Auckland"},
	{"christchurch", "Pacific/Auckland"}, {"fiji", "Pacific/Fiji"},
	{"suva", "Pacific/Fiji"}, {"kiribati", "Pacific/Tarawa Pacific/Kanton Pacific/Kiritimati"},
	{"tarawa", "Pacific/Tarawa"}, {"marshall islands", "Pacific/Majuro"},
	{"majuro", "Pacific/Majuro"}, {"micronesia", "Pacific/Pohnpei Pacific/Chuuk Pacific/Kosrae"},
	{"palikir", "Pacific/Pohnpei"}, {"nauru", "Pacific/Nauru"}, {"palau", "Pacific/Palau"},
	{"papua new guinea", "Pacific/Port_Moresby"}, {"port moresby", "Pacific/Port_Moresby"},
	{"samoa", "Pacific/Apia"}, {"apia", "Pacific/Apia"},
	{"solomon islands", "Pacific/Guadalcanal"}, {"honiara", "Pacific/Guadalcanal"},
	{"tonga", "Pacific/Tongatapu"}, {"tuvalu", "Pacific/Funafuti"},
	{"funafuti", "Pacific/Funafuti"}, {"vanuatu", "Pacific/Efate"},
	{"port vila", "Pacific/Efate"}, {"guam", "Pacific/Guam"},
};
const size_t zones_place_count = sizeof zones_place_table / sizeof zones_place_table[0];
/* clang-format on */

/* How many of words[0..n) the space-separated phrase matches; 0 unless all
 * of its words do. */
static size_t phrase_match(const char *phrase, const char *const *words, size_t n)
{
	size_t i = 0;
	const char *p = phrase;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (i >= n || strlen(words[i]) != len || memcmp(words[i], p, len) != 0)
			return 0;
		i++;
		p += len;
		if (*p == ' ')
			p++;
	}
	return i;
}

/* Longest match among the '|'-separated phrases of alts. */
static size_t alts_match(const char *alts, const char *const *words, size_t n)
{
	size_t best = 0;
	char buf[96];
	while (alts && *alts) {
		size_t len = strcspn(alts, "|");
		if (len < sizeof buf) {
			memcpy(buf, alts, len);
			buf[len] = '\0';
			size_t m = phrase_match(buf, words, n);
			if (m > best)
				best = m;
		}
		alts += len;
		if (*alts == '|')
			alts++;
	}
	return best;
}

size_t zones_find_abbr(const char *abbr, size_t len, const struct zones_fixed **first)
{
	for (size_t i = 0; i < zones_fixed_count; i++) {
		const char *a = zones_fixed_table[i].abbr;
		if (strlen(a) != len || strncasecmp(a, abbr, len) != 0)
			continue;
		size_t n = 1;
		while (i + n < zones_fixed_count && strcmp(zones_fixed_table[i + n].abbr, a) == 0)
			n++;
		*first = &zones_fixed_table[i];
		return n;
	}
	*first = NULL;
	return 0;
}

const struct zones_fixed *zones_find_fixed_name(const char *const *words, size_t n, size_t *used)
{
	const struct zones_fixed *best = NULL;
	*used = 0;
	for (size_t i = 0; i < zones_fixed_count; i++) {
		size_t m = alts_match(zones_fixed_table[i].names, words, n);
		if (m > *used) {
			*used = m;
			best = &zones_fixed_table[i];
		}
	}
	return best;
}

static bool generic_allowed(const struct zones_generic *g, const bool *caps, size_t m,
                            bool after_time)
{
	if ((g->flags & ZONES_AFTER_TIME) && !after_time)
		return false;
	for (size_t k = 0; k < m && (g->flags & ZONES_CAPS); k++) {
		if (!caps[k])
			return false;
	}
	return true;
}

const struct zones_generic *zones_find_generic(const char *const *words, const bool *caps, size_t n,
                                               bool after_time, size_t *used)
{
	const struct zones_generic *best = NULL;
	*used = 0;
	for (size_t i = 0; i < zones_generic_count; i++) {
		const struct zones_generic *g = &zones_generic_table[i];
		size_t m = phrase_match(g->words, words, n);
		if (m > *used && generic_allowed(g, caps, m, after_time)) {
			*used = m;
			best = g;
		}
	}
	return best;
}

const struct zones_place *zones_find_place(const char *const *words, size_t n, size_t *used)
{
	const struct zones_place *best = NULL;
	*used = 0;
	for (size_t i = 0; i < zones_place_count; i++) {
		size_t m = phrase_match(zones_place_table[i].words, words, n);
		if (m > *used) {
			*used = m;
			best = &zones_place_table[i];
		}
	}
	return best;
}

bool zones_list_next(const char **p, char buf[ZONES_NAME_MAX])
{
	const char *s = *p;
	while (*s == ' ')
		s++;
	if (!*s)
		return false;
	size_t len = strcspn(s, " ");
	if (len >= ZONES_NAME_MAX)
		len = ZONES_NAME_MAX - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*p = s + strcspn(s, " ");
	return true;
}

bool zones_list_has(const char *list, const char *zone)
{
	char buf[ZONES_NAME_MAX];
	while (list && zones_list_next(&list, buf)) {
		if (strcmp(buf, zone) == 0)
			return true;
	}
	return false;
}

size_t zones_list_count(const char *list)
{
	char buf[ZONES_NAME_MAX];
	size_t n = 0;
	while (list && zones_list_next(&list, buf))
		n++;
	return n;
}

/* --- tzdata -------------------------------------------------------------- */

struct tz_saved {
	char *value; /* NULL: TZ was unset */
};

static void tz_enter(const char *zone, struct tz_saved *s)
{
	const char *old = getenv("TZ");
	s->value = old ? xstrdup(old) : NULL;
	setenv("TZ", zone, 1);
	tzset();
}

static void tz_leave(struct tz_saved *s)
{
	if (s->value)
		setenv("TZ", s->value, 1);
	else
		unsetenv("TZ");
	tzset();
	free(s->value);
	s->value = NULL;
}

static bool safe_zone_name(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len >= ZONES_NAME_MAX || name[0] == '/' || name[0] == '-' ||
	    name[0] == '.' || strstr(name, ".."))
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                    "0123456789_+-/") == len;
}

bool zones_known(const char *name)
{
	if (!name || !safe_zone_name(name))
		return false;
	char *path = xasprintf("%s/%s", zones_database_dir(), name);
	FILE *fp = fopen(path, "rb");
	free(path);
	if (!fp)
		return false;
	char magic[4];
	bool ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

const char *zones_database_dir(void)
{
	const char *dir = getenv("TZDIR");
	return dir && *dir ? dir : "/usr/share/zoneinfo";
}

bool zones_database_ok(void)
{
	return zones_known("UTC") || zones_known("Etc/UTC");
}

/* With TZ already set: offset and abbreviation at t. */
static int local_at(time_t t, struct tm *tm)
{
	if (!localtime_r(&t, tm))
		memset(tm, 0, sizeof *tm);
	return (int)tm->tm_gmtoff;
}

static void copy_abbr(char abbr[ZONES_ABBR_MAX], const struct tm *tm)
{
	snprintf(abbr, ZONES_ABBR_MAX, "%s", tm->tm_zone ? tm->tm_zone : "");
}

void zones_offset_at(const char *zone, time_t t, int *offset, char abbr[ZONES_ABBR_MAX])
{
	struct tz_saved s;
	struct tm tm;
	tz_enter(zone, &s);
	*offset = local_at(t, &tm);
	copy_abbr(abbr, &tm);
	tz_leave(&s);
}

bool zones_uses_abbr(const char *zone, time_t t, const char *abbr, int offset)
{
	static const int quarter = 91 * 86400;
	struct tz_saved s;
	bool found = false;
	tz_enter(zone, &s);
	for (int k = -2; k <= 2 && !found; k++) {
		struct tm tm;
		int off = local_at(t + (time_t)k * quarter, &tm);
		found = off == offset && tm.tm_zone && strcmp(tm.tm_zone, abbr) == 0;
	}
	tz_leave(&s);
	return found;
}

static bool same_wall(const struct tm *tm, const struct zones_wall *w)
{
	return tm->tm_year + 1900 == w->year && tm->tm_mon + 1 == w->month &&
	       tm->tm_mday == w->day && tm->tm_hour == w->hour && tm->tm_min == w->min &&
	       tm->tm_sec == w->sec;
}

/* The method of doc/design.md "Time zones": the zone's offsets a day before and a day after
 * the wall time are the only candidates; keep each instant whose local time
 * gives the wall time back.  tm_isdst is never consulted (Dublin's negative
 * DST and Lord Howe's half-hour shift break it). */
void zones_resolve(const char *zone, const struct zones_wall *w, struct zones_local *out)
{
	struct zones_wall norm;
	zones_epoch_wall(zones_wall_epoch(w), &norm);
	time_t t0 = zones_wall_epoch(&norm);
	struct tz_saved s;
	struct tm tm[2];
	tz_enter(zone, &s);
	int off[2] = {local_at(t0 - 86400, &tm[0]), local_at(t0 + 86400, &tm[1])};
	memset(out, 0, sizeof *out);
	for (int i = 0; i < 2; i++)
		copy_abbr(out->abbr[i], &tm[i]);
	out->offset[0] = off[0];
	out->offset[1] = off[1];
	for (int i = 0; i < (off[0] == off[1] ? 1 : 2); i++) {
		time_t t = t0 - off[i];
		struct tm got;
		int o = local_at(t, &got);
		if (!same_wall(&got, &norm))
			continue;
		out->t[out->n] = t;
		out->offset[out->n] = o;
		copy_abbr(out->abbr[out->n], &got);
		out->n++;
	}
	tz_leave(&s);
	/* The offsets came in the order before, after: a later offset is
	 * larger after spring-forward, so sort the instants. */
	if (out->n == 2 && out->t[0] > out->t[1]) {
		time_t tt = out->t[0];
		int oo = out->offset[0];
		char aa[ZONES_ABBR_MAX];
		memcpy(aa, out->abbr[0], ZONES_ABBR_MAX);
		out->t[0] = out->t[1];
		out->offset[0] = out->offset[1];
		memcpy(out->abbr[0], out->abbr[1], ZONES_ABBR_MAX);
		out->t[1] = tt;
		out->offset[1] = oo;
		memcpy(out->abbr[1], aa, ZONES_ABBR_MAX);
	}
}

/* --- calendar ------------------------------------------------------------ */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (the
 * era-based method: 400-year eras of 146097 days). */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

time_t zones_wall_epoch(const struct zones_wall *w)
{
	long long days = days_from_civil(w->year, w->month, w->day);
	return (time_t)(days * 86400 + w->hour * 3600 + w->min * 60 + w->sec);
}

void zones_epoch_wall(time_t t, struct zones_wall *w)
{
	long long days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, &w->year, &w->month, &w->day);
	w->hour = (int)(rem / 3600);
	w->min = (int)(rem / 60 % 60);
	w->sec = (int)(rem % 60);
}

int zones_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

int zones_weekday(int year, int month, int day)
{
	long long z = days_from_civil(year, month, day);
	/* 1970-01-01 was a Thursday (4). */
	return (int)(((z % 7) + 7 + 4) % 7);
}
