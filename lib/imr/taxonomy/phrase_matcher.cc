#include "imr/taxonomy/phrase_matcher.h"

#include <climits>
#include <deque>

#include "imr/base/text.h"

namespace imr::taxonomy {
namespace {

constexpr std::uint8_t kNone = 0;
constexpr std::uint8_t kLetter = 1;
constexpr std::uint8_t kDigit = 2;

std::uint8_t KindOf(char c) { return IsAlpha(c) ? kLetter : IsDigit(c) ? kDigit : kNone; }

}  // namespace

PhraseMatcher::PhraseMatcher() : delta_(1, 0), own_(1, -1), dict_(1, -1), min_rule_(1, INT_MAX) {}

PhraseMatcher PhraseMatcher::Build(std::span<const Phrase> phrases) {
  PhraseMatcher m;
  // Byte classes: one per distinct lower-cased byte used by some phrase, so
  // the table stays narrow (a few dozen columns instead of 256).
  for (const Phrase& p : phrases) {
    for (char c : p.text) {
      const auto b = static_cast<unsigned char>(ToLowerAscii(c));
      if (m.class_of_[b] == 0) m.class_of_[b] = static_cast<std::uint8_t>(m.classes_++);
    }
  }
  for (int c = 'A'; c <= 'Z'; ++c) m.class_of_[c] = m.class_of_[c + 32];
  const std::uint32_t k = m.classes_;

  // The trie; kAbsent marks a missing edge until the BFS fills every cell.
  constexpr std::uint32_t kAbsent = UINT32_MAX;
  m.delta_.assign(k, kAbsent);
  for (const Phrase& p : phrases) {
    if (p.text.empty()) continue;  // would match everywhere; the contract forbids it
    std::uint32_t s = 0;
    for (char c : p.text) {
      const std::uint32_t cls = m.class_of_[static_cast<unsigned char>(c)];
      if (m.delta_[s * k + cls] == kAbsent) {
        m.delta_[s * k + cls] = static_cast<std::uint32_t>(m.own_.size());
        m.own_.push_back(-1);
        m.delta_.resize(m.delta_.size() + k, kAbsent);
      }
      s = m.delta_[s * k + cls];
    }
    // Duplicates are the caller's to reject; keep the smaller rule if any.
    const int previous = m.own_[s];
    if (previous == -1 || p.rule < m.entries_[previous].rule) {
      m.own_[s] = static_cast<std::int32_t>(m.entries_.size());
      m.entries_.push_back({static_cast<std::uint32_t>(p.text.size()), p.rule, KindOf(p.text.front()),
                            KindOf(p.text.back())});
    }
  }

  // Breadth-first: failure links, dictionary links and the full transition
  // function (a missing edge goes where the failure state's edge goes).
  const std::size_t n = m.own_.size();
  std::vector<std::uint32_t> fail(n, 0);
  m.dict_.assign(n, -1);
  m.min_rule_.assign(n, INT_MAX);
  std::deque<std::uint32_t> queue;
  std::vector<std::uint32_t> bfs_order = {0};
  for (std::uint32_t c = 0; c < k; ++c) {
    std::uint32_t& next = m.delta_[c];
    if (next == kAbsent) {
      next = 0;
    } else {
      fail[next] = 0;
      queue.push_back(next);
    }
  }
  if (m.own_[0] != -1) m.min_rule_[0] = m.entries_[m.own_[0]].rule;
  while (!queue.empty()) {
    const std::uint32_t s = queue.front();
    queue.pop_front();
    bfs_order.push_back(s);
    const std::uint32_t f = fail[s];
    m.dict_[s] = m.own_[f] != -1 ? static_cast<std::int32_t>(f) : m.dict_[f];
    m.min_rule_[s] = m.min_rule_[f];
    if (m.own_[s] != -1) m.min_rule_[s] = std::min(m.min_rule_[s], m.entries_[m.own_[s]].rule);
    for (std::uint32_t c = 0; c < k; ++c) {
      std::uint32_t& next = m.delta_[s * k + c];
      if (next == kAbsent) {
        next = m.delta_[f * k + c];
      } else {
        fail[next] = m.delta_[f * k + c];
        queue.push_back(next);
      }
    }
  }
  m.Renumber(bfs_order);
  return m;
}

void PhraseMatcher::Renumber(const std::vector<std::uint32_t>& order) {
  // States numbered breadth-first put the shallow states, where a scan of
  // ordinary text spends nearly all its time, in the first rows of the
  // table: a few kilobytes that stay in L1 instead of rows scattered over a
  // table of megabytes (one cache miss per byte of title before this).
  const std::uint32_t k = classes_;
  const std::size_t n = order.size();
  std::vector<std::uint32_t> new_id(n);
  for (std::size_t i = 0; i < n; ++i) new_id[order[i]] = static_cast<std::uint32_t>(i);
  std::vector<std::uint32_t> delta(n * k);
  std::vector<std::int32_t> own(n), dict(n);
  std::vector<int> min_rule(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t old = order[i];
    for (std::uint32_t c = 0; c < k; ++c) {
      const std::uint32_t to = new_id[delta_[old * k + c]];
      delta[i * k + c] = to | (min_rule_[delta_[old * k + c]] != INT_MAX ? kReports : 0);
    }
    own[i] = own_[old];
    dict[i] = dict_[old] == -1 ? -1 : static_cast<std::int32_t>(new_id[dict_[old]]);
    min_rule[i] = min_rule_[old];
  }
  delta_ = std::move(delta);
  own_ = std::move(own);
  dict_ = std::move(dict);
  min_rule_ = std::move(min_rule);
}

bool PhraseMatcher::Bounded(std::string_view text, std::size_t end, const Entry& e) const {
  const std::size_t begin = end + 1 - e.length;
  if (e.left != kNone && begin > 0 && KindOf(text[begin - 1]) == e.left) return false;
  if (e.right != kNone && end + 1 < text.size() && KindOf(text[end + 1]) == e.right) return false;
  return true;
}

int PhraseMatcher::FirstRule(std::string_view text) const {
  int best = INT_MAX;
  std::uint32_t s = 0;
  const std::uint32_t k = classes_;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::uint32_t next = delta_[s * k + class_of_[static_cast<unsigned char>(text[i])]];
    s = next & ~kReports;
    // Most states report nothing, which the edge itself says; min_rule_
    // bounds every entry reachable from s: skip the chain when none could
    // improve on what was already found.
    if ((next & kReports) == 0 || min_rule_[s] >= best) continue;
    for (std::int32_t t = own_[s] != -1 ? static_cast<std::int32_t>(s) : dict_[s]; t != -1; t = dict_[t]) {
      const Entry& e = entries_[own_[t]];
      if (e.rule < best && Bounded(text, i, e)) best = e.rule;
    }
  }
  return best == INT_MAX ? -1 : best;
}

}  // namespace imr::taxonomy
