// The fleet model (docs/economics.md §5, docs/fleet-model.md): GPUs bought each year by generation,
// the installed base by vintage, power, energy, accounting against economic depreciation,
// obsolescence, rental prices and the revenue gap, year by year, for ONE sample of the inputs.
// The [fleet] block (fleet_block.h) calls simulate_fleet() once per Monte Carlo sample; `gpugap
// fleet` calls it with a FleetDetail to print the vintages. Everything is in base units (USD, yr,
// W, GPU, FLOP; a rate "per hour" is per year here). simulate_fleet() is a pure function of its
// arguments: safe from several threads, each with its own FleetScratch.
#pragma once

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "gpugap/blocks/depreciation.h"

namespace gpugap {

// What does not vary between samples: the time axis, the generations, and the rules.
struct FleetStructure {
  int first_year = 0;
  int years = 0;
  std::vector<std::string> generations;  // as listed in [fleet], oldest first
  std::vector<int> generation_first_year;
  bool mix_shares = false;  // false: each year buys the newest generation on sale
  DepreciationMethod method = DepreciationMethod::kStraightLine;
  double first_year_months = 12;  // SLN and DB: months in service in the year of purchase
  bool extrapolate = false;       // after the catalogue, work per dollar and per watt keep doubling
  bool memory_bound = false;      // throughput is HBM bandwidth (byte/s), not FLOP/s: work = "…"

  // Generations with outputs: the catalogue's, then "future" when extrapolating.
  int output_generations() const {
    return static_cast<int>(generations.size()) + (extrapolate ? 1 : 0);
  }
  std::string output_generation_name(int g) const {
    return g < static_cast<int>(generations.size()) ? generations[g] : "future";
  }
};

// One sample of the inputs. Yearly vectors hold `years` values; per-generation vectors follow
// FleetStructure::generations.
struct FleetInputs {
  std::vector<double> spend;              // USD/yr spent on GPUs
  std::vector<double> ai_revenue;         // USD/yr
  std::vector<double> electricity_price;  // USD per W·yr
  std::vector<double> pue;                // facility power ÷ IT power
  std::vector<double> utilisation;        // share of the hours the GPUs work
  std::vector<double> cloud_margin;       // share of revenue
  std::vector<double> tax_rate;
  std::vector<double> price;             // USD/GPU
  std::vector<double> power;             // W/GPU, board power
  std::vector<double> performance;       // FLOP/yr per GPU (dense throughput), or byte/yr (HBM
                                         // bandwidth) when memory_bound
  std::vector<std::vector<double>> mix;  // [generation][year] shares, when mix_shares
  double overhead_power = 0;             // W/GPU beyond the board: CPUs, network, storage, fans
  double idle_power = 0;                 // share of rated power drawn while idle
  double shell_capex = 0;                // USD per W of IT power added
  double shell_life = 1;                 // yr
  double physical_life = 5;              // yr
  double book_life = 5;                  // yr
  double ddb_factor = 2;
  double salvage = 0;                 // fraction of cost
  double operations_rate = 0;         // per year, as a fraction of the purchase price
  double discount_rate = 0;           // a year, for present values
  double frontier_doubling_time = 0;  // yr, when extrapolating: throughput per dollar
  // yr, when extrapolating: throughput per watt (energy per unit of work halves), its own trend
  double frontier_efficiency_doubling_time = 0;

  explicit FleetInputs(const FleetStructure& structure);
};

// Which field of FleetInputs an input fills.
enum class FleetInputKind {
  // yearly: a series, or one value for every year
  kSpend,
  kAiRevenue,
  kElectricityPrice,
  kPue,
  kUtilisation,
  kCloudMargin,
  kTaxRate,
  // one value
  kOverheadPower,
  kIdlePower,
  kShellCapex,
  kShellLife,
  kPhysicalLife,
  kBookLife,
  kDdbFactor,
  kSalvage,
  kOperationsRate,
  kDiscountRate,
  kFrontierDoublingTime,
  kFrontierEfficiencyDoublingTime,
  // one value per generation, or a yearly share per generation
  kPrice,
  kPower,
  kPerformance,
  kMix,
};

// The values an input may take (base units; a share as a fraction), always finite. The one
// definition of each input's domain: simulate_fleet() refuses a sample outside it, the [fleet]
// reader checks the numbers written in the scenario, and the block names the input at fault.
struct FleetInputRange {
  double low = -std::numeric_limits<double>::infinity();
  bool low_open = false;
  double high = std::numeric_limits<double>::infinity();
  bool high_open = false;
  const char* text = "a finite number";

  bool contains(double x) const {
    return std::isfinite(x) && (low_open ? x > low : x >= low) &&
           (high_open ? x < high : x <= high);
  }
};
const FleetInputRange& fleet_input_range(FleetInputKind kind);

// The yearly outputs, in this order, then "gpus_bought.<g>", "installed_gpus.<g>" and
// "rental_price.<g>" for each output generation.
enum class FleetSeries {
  kGpusBought,
  kInstalledGpus,
  kRetiredGpus,
  kObsoleteGpus,
  kInstalledPerformance,
  kItPower,
  kFacilityPower,
  kFrontierPowerPerGpu,
  kGpuCapex,
  kShellCapex,
  kCapex,
  kEnergyCost,
  kOperationsCost,
  kBookDepreciation,
  kWriteOff,
  kShellDepreciation,
  kBookValue,
  kEconomicValue,
  kEconomicDepreciation,
  kHiddenLoss,
  kBookOverstatement,
  kRentalPrice,
  kRentalPriceNew,
  kRentalRevenue,
  kRequiredRevenue,
  kRequiredRevenueEconomic,
  kGap,
  kGapCumulative,
  kTaxShield,
  kAfterTaxCost,
  kBookDepreciationPv,
  kEconomicDepreciationPv,
  // Indexed by vintage (the year of purchase): a calendar year, or +infinity ("never", as from
  // first_year()) when it does not happen within the time axis or nothing was bought that year.
  kVintageRetirementYear,
  kVintageObsolescenceYear,
  kVintagePaybackYear,
  kVintageEconomicEndYear,
  kCount
};

struct FleetSeriesInfo {
  std::string name;  // without the "fleet." prefix
  std::string unit;
  std::string note;
  bool may_be_never = false;  // +infinity means "never"
};

// Every yearly output: the FleetSeries, then the per-generation ones.
std::vector<FleetSeriesInfo> fleet_series(const FleetStructure& structure);
inline int fleet_series_count(const FleetStructure& structure) {
  return static_cast<int>(FleetSeries::kCount) + 3 * structure.output_generations();
}
inline int fleet_bought_series(int generation) {
  return static_cast<int>(FleetSeries::kCount) + 3 * generation;
}
inline int fleet_installed_series(int generation) {
  return static_cast<int>(FleetSeries::kCount) + 3 * generation + 1;
}
inline int fleet_rent_series(int generation) {
  return static_cast<int>(FleetSeries::kCount) + 3 * generation + 2;
}

// One year's purchases followed through their life. Years are calendar years; a year that is
// not within the time axis (or never comes) is 0.
struct FleetVintage {
  int year = 0;
  double gpus = 0;
  double cost = 0;
  std::vector<double> gpus_by_generation;  // per output generation
  std::vector<double> cost_by_generation;  // per output generation
  // Each generation of the vintage is retired on its own: the year it leaves service (0 when not
  // within the time axis or not bought). The vintage retires with the last of them and is
  // obsolete from the first year one of them retires as obsolete.
  std::vector<int> retired_year_by_generation;
  // The year it leaves service, at the end of its physical life or as obsolete: the first year at
  // whose end it is out of service (with a full first year and a whole life, the first year out).
  int retired_year = 0;
  int obsolete_year = 0;               // retired at the start of this year, as obsolete
  int payback_year = 0;                // cumulative rent − running costs ≥ cost
  std::vector<double> in_service;      // GPUs in service, averaged over each year
  std::vector<double> book_value;      // end of each year
  std::vector<double> economic_value;  // end of each year
  std::vector<double> rent;            // USD per GPU per year of use (0 when not in service)
  std::vector<double> facility_power;  // W: (board + overhead) × PUE, averaged over each year
};

struct FleetDetail {
  std::vector<FleetVintage> vintages;  // years with purchases
};

// Why simulate_fleet() refused a sample: the input at fault, its generation (kPrice, kPower,
// kPerformance, kMix; else -1) and the index of its year in the axis (-1 for a single value).
struct FleetRefusal {
  enum class Why {
    kOutOfRange,     // the value is outside fleet_input_range(input)
    kNotOnSale,      // a mix share for a generation before its first year (input kMix)
    kNothingOnSale,  // spend in a year when no listed generation is on sale (input kSpend)
    kNoGeneration,   // the structure lists no generation
  };
  Why why = Why::kOutOfRange;
  FleetInputKind input = FleetInputKind::kSpend;
  int generation = -1;
  int year = -1;
};

// The first input of `inputs` outside its domain (fleet_input_range), as simulate_fleet() refuses
// it; nothing when all are within.
std::optional<FleetRefusal> fleet_input_out_of_domain(const FleetStructure& structure,
                                                      const FleetInputs& inputs);

// Working memory for simulate_fleet, sized once per structure: no allocation per sample.
class FleetScratch {
 public:
  explicit FleetScratch(const FleetStructure& structure);

 private:
  friend bool simulate_fleet(const FleetStructure&, const FleetInputs&, FleetScratch&, double*,
                             FleetDetail*, FleetRefusal*);
  // A unit is the GPUs of one generation bought in one year (index vintage × output generations
  // + generation): each is retired and rented on its own, so a vintage that buys several
  // generations is not run as one blend.
  std::vector<double> frontier_price, frontier_power, frontier_performance;  // years + 1
  std::vector<double> gpus, cost, board_power, performance;                  // per unit
  std::vector<double> service_end;            // per unit, years after the start of its year
  std::vector<int> obsolete_age, retire_age;  // per unit
  std::vector<double> net;                    // per year: a vintage's rent − running cost
  std::vector<double> value;                  // per year: a vintage's economic value
  std::vector<double> schedule;               // book depreciation per unit of cost, by age
};

// Computes every yearly output of one sample into `out` (fleet_series() order, `years` values
// each, series after series). Returns false when an input is outside its domain (a negative life,
// spend in a year with no generation on sale, …), and says why in `refusal` when given: the
// caller reports the sample as not finite. With `detail`, also fills the vintages (this
// allocates).
bool simulate_fleet(const FleetStructure& structure, const FleetInputs& inputs,
                    FleetScratch& scratch, double* out, FleetDetail* detail = nullptr,
                    FleetRefusal* refusal = nullptr);

}  // namespace gpugap
