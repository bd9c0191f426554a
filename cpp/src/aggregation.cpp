#include "qualityassess/aggregation.hpp"

namespace qa {
namespace {

Fixed aggregate(const Scheme& scheme, const Node& node, const std::vector<Fixed>& points) {
  auto child = [&](int index) -> const Node& { return scheme.nodes[static_cast<std::size_t>(index)]; };
  auto rate = [&](int index) {
    return Ratio(points[static_cast<std::size_t>(index)]) / Ratio(child(index).points);
  };
  switch (node.aggregation) {
    case Aggregation::sum: {
      Fixed sum;
      for (int index : node.children) sum += points[static_cast<std::size_t>(index)];
      return sum;
    }
    case Aggregation::min: {
      Ratio lowest = rate(node.children.front());
      for (int index : node.children) {
        const Ratio r = rate(index);
        if (r < lowest) lowest = r;
      }
      return (Ratio(node.points) * lowest).round(scheme.rounding);
    }
    case Aggregation::weighted_mean: {
      Ratio weighted;
      Ratio weights;
      for (int index : node.children) {
        weighted = weighted + Ratio(child(index).weight) * rate(index);
        weights = weights + Ratio(child(index).weight);
      }
      return (Ratio(node.points) * weighted / weights).round(scheme.rounding);
    }
  }
  return Fixed();
}

}  // namespace

void roll_up(const Scheme& scheme, std::vector<Fixed>& node_points) {
  // Pre-order puts every child after its parent, so walking backwards sees children first.
  for (std::size_t i = scheme.nodes.size(); i-- > 0;) {
    const Node& node = scheme.nodes[i];
    if (!node.is_leaf()) node_points[i] = aggregate(scheme, node, node_points);
  }
}

}  // namespace qa
