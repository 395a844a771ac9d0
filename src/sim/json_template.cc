#include "sim/json_template.h"

#include "base/json_escape.h"

namespace credtrace::sim {

JsonTemplate::JsonTemplate(std::string_view text) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      parts_.push_back({std::string(text.substr(pos)), {}});
      break;
    }
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      parts_.push_back({std::string(text.substr(pos)), {}});
      break;
    }
    parts_.push_back({std::string(text.substr(pos, open - pos)),
                      std::string(text.substr(open + 2, close - open - 2))});
    pos = close + 2;
  }
}

void JsonTemplate::Expand(const Args& args, AutoSlots* autos, std::string* out) const {
  for (const Part& p : parts_) {
    out->append(p.literal);
    if (p.slot.empty()) continue;
    if (p.slot[0] == '@') {
      if (autos) autos->Append(p.slot, out);
      continue;
    }
    if (const std::string* v = args.Find(p.slot)) out->append(*v);
  }
}

std::string Escaped(std::string_view s) {
  std::string q;
  AppendJsonString(&q, s);
  return q.substr(1, q.size() - 2);
}

}  // namespace credtrace::sim
