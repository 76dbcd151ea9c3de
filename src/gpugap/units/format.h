// How numbers are shown to people: "$600B", "10 GW", "50%", "4.5M GPU", "17x", "never".
// Values arrive in base units and are shown in the quantity's declared unit.
#pragma once

#include <string>

#include "gpugap/units/units.h"

namespace gpugap {

// A number with three significant digits and a k/M/B/T suffix, then SI's P/E/Z/Y: 6e11 → "600B",
// 2.25e15 → "2.25P", 0.125 → "0.125". Whole numbers of four digits stay whole: 2030.
// `digits` above 3 asks for that many significant digits, for messages where the exact value
// matters ("0.9995 must be at least 1"): 0.924274, 1.23457B.
std::string format_number(double value, int digits = 3);

// A sum of money's size, without its sign or "$": as format_number() up to T, in T up to four
// digits of T (2.25e15 → "2250T": nobody counts dollars in P), and in scientific notation of the
// base unit beyond (1e288 → "1e+288", not "1e+276T").
std::string format_amount(double value, int digits = 3);

// A number that is already in percent, with its sign: 50 → "50%", 36.234 → "36.2%", 1500 →
// "1500%" (percentages keep their whole digits). What format_value() shows for a quantity in %.
std::string format_percent(double percent, int digits = 3);

// A share of samples (0 to 1) as a probability, one decimal: 0.476 → "47.6%", 1 → "100.0%"; a
// share that is not 0 or 1 never rounds to them: "<0.1%", ">99.9%". Every command spells it so.
std::string format_probability(double share);

// A value in base units shown in `unit` (declared, or the computed dimension).
std::string format_value(double base_value, const Unit& unit, int digits = 3);

// Two values (a low and a high) in `unit`, as "low to high". A unit's tail after a sum of money
// is written once: "-$214B to -$188B/yr", "$120B to $180B", "36.2% to 63.7%", "10 GW to 20 GW".
std::string format_range(double base_low, double base_high, const Unit& unit);

// A difference of two values shown in `unit`: as format_value(), except that a difference of
// percentages is in percentage points (16.7% → 20.3% is "3.67 pp", not "3.67%").
std::string format_difference(double base_delta, const Unit& unit);

// The value in the unit a quantity is shown in (what JSON and CSV report).
double in_unit(double base_value, const Unit& unit);

// The text of a unit for JSON and CSV: as declared, else the dimension in base units, "" when
// dimensionless.
std::string unit_label(const Unit& unit);

}  // namespace gpugap
