// IdIndex (id_index.hpp): the id -> position table a scheme looks its points up in.
#include <gtest/gtest.h>

#include <string>

#include "qualityassess/id_index.hpp"

namespace qa {
namespace {

TEST(IdIndex, EmptyFindsNothing) {
  const IdIndex index;
  EXPECT_EQ(index.find("development_plan"), -1);
  EXPECT_EQ(index.find(""), -1);
}

TEST(IdIndex, FindsEveryIdAddedAndNoOther) {
  IdIndex index;
  index.add("manufacturing_pass_rate", 3);
  index.add("development_plan", 7);
  index.add("", 9);  // an empty id is an id like any other
  EXPECT_EQ(index.find("manufacturing_pass_rate"), 3);
  EXPECT_EQ(index.find("development_plan"), 7);
  EXPECT_EQ(index.find(""), 9);
  EXPECT_EQ(index.find("development_pla"), -1);    // a prefix
  EXPECT_EQ(index.find("development_plan "), -1);  // a longer text
  EXPECT_EQ(index.find("Development_plan"), -1);   // case matters
}

TEST(IdIndex, KeepsTheFirstPositionOfAnIdAddedTwice) {
  IdIndex index;
  index.add("a", 1);
  index.add("a", 2);
  EXPECT_EQ(index.find("a"), 1);
}

TEST(IdIndex, GrowsPastItsFirstTableAndKeepsEveryId) {
  IdIndex index;
  constexpr int kIds = 1000;  // the first table holds 8; it doubles many times
  for (int i = 0; i < kIds; ++i) index.add("point_" + std::to_string(i), i * 2);
  for (int i = 0; i < kIds; ++i) ASSERT_EQ(index.find("point_" + std::to_string(i)), i * 2) << i;
  EXPECT_EQ(index.find("point_" + std::to_string(kIds)), -1);
}

TEST(IdIndex, ClearForgetsEveryId) {
  IdIndex index;
  index.add("a", 1);
  index.clear();
  EXPECT_EQ(index.find("a"), -1);
  index.add("b", 2);
  EXPECT_EQ(index.find("b"), 2);
}

}  // namespace
}  // namespace qa
