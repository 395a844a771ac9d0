// LLM-jacking: a stolen ML pipeline key checks Bedrock logging, enables model access and
// invokes expensive models from a proxy pool across regions; the pipeline keeps invoking its
// usual model.
#include "sim/ids.h"
#include "sim/scenario.h"

namespace credtrace::sim {

void PlayLlmJacking(Stage& s) {
  World& w = s.world();
  Rng& r = s.rng();
  size_t vi = 0;
  for (size_t i = 0; i < w.people.size(); ++i) {
    if (w.people[i].name == "ml-pipeline") vi = i;
  }
  const Person& victim = w.people[vi];
  const std::string& A = w.accounts[victim.account].id;
  TimeMs t = s.t0();
  s.gt().AddScenario({s.name(), "LLM-jacking", victim.api.arn, t, "key of " + victim.name + " leaked in a notebook pushed to a public repository"});
  s.gt().AddSeed({"key", victim.key, s.name()});
  s.Credential(victim.key, victim.key, victim.api.arn, "access-key", "", "", kNoTime, t, "key leaked in a public notebook");
  s.gt().WatchKey(victim.key, victim.key, t, s.name());
  std::vector<Hand> pool;
  for (int i = 0; i < 4; ++i) {
    pool.push_back({&victim.api, victim.key, s.AttackerIp(kAttackerNetworks[8 + (i % 2)]), s.AttackerClient(kLlmjackClients[static_cast<size_t>(i)])});
  }
  Hand& h = pool[0];
  auto step = [&](int lo, int hi) { t += r.Range(lo, hi) * 1000; return t; };
  s.Do(h, step(0, 1), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
  const char* regions[] = {"us-east-1", "us-west-2", "eu-central-1", "eu-west-3", "ap-northeast-1"};
  for (const char* rg : regions) {
    s.Do(h, step(1, 4), "bedrock.amazonaws.com", "GetModelInvocationLoggingConfiguration", rg, {}, "discovery");
    s.Do(h, step(1, 4), "bedrock.amazonaws.com", "ListFoundationModels", rg, {}, "discovery");
  }
  std::vector<std::string> wanted = {"anthropic.claude-3-opus-20240229-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0"};
  for (const char* rg : {"us-east-1", "us-west-2"}) {
    for (const auto& m : wanted) {
      Args a;
      a.Set("model", m).Set("model_base", m.substr(0, m.rfind(':')));
      s.Do(h, step(1, 6), "bedrock.amazonaws.com", "GetFoundationModelAvailability", rg, a, "discovery");
      s.Do(h, step(1, 6), "bedrock.amazonaws.com", "ListFoundationModelAgreementOffers", rg, a, "discovery");
    }
    Done uc = s.Do(h, step(2, 8), "bedrock.amazonaws.com", "PutUseCaseForModelAccess", rg, {}, "impact");
    s.Resource("arn:aws:bedrock:" + std::string(rg) + ":" + A + ":use-case-for-model-access", "AWS::Bedrock::ModelAccess", A, rg, "modified", uc.event_id);
    for (const auto& m : wanted) {
      Args a;
      a.Set("model", m).Set("model_base", m.substr(0, m.rfind(':')));
      Done ag = s.Do(h, step(1, 6), "bedrock.amazonaws.com", "CreateFoundationModelAgreement", rg, a, "impact");
      s.Do(h, step(1, 6), "bedrock.amazonaws.com", "PutFoundationModelEntitlement", rg, a, "impact");
      s.Resource("arn:aws:bedrock:" + std::string(rg) + "::foundation-model/" + m, "AWS::Bedrock::FoundationModel", A, rg, "modified", ag.event_id);
    }
  }
  s.Inject(s.At(14), "Cost Anomaly Detection: Amazon Bedrock spend in " + A + " is 40x the daily baseline.");
  // Invocation waves through the proxy pool for the rest of the incident.
  int waves = 6;
  for (int wv = 0; wv < waves; ++wv) {
    t = s.At(1.0 + wv * 3.5);
    int n = static_cast<int>(r.Range(20, 45));
    for (int i = 0; i < n; ++i) {
      Hand& p = pool[r.Below(pool.size())];
      const char* rg = r.Chance(0.7) ? "us-east-1" : "us-west-2";
      Args a;
      a.Set("model", wanted[r.Below(wanted.size())]);
      const char* name = r.Chance(0.6) ? "InvokeModelWithResponseStream" : "InvokeModel";
      if (r.Chance(0.08)) {
        s.Do(p, step(1, 20), "bedrock.amazonaws.com", name, rg, a, "impact", false, "ThrottlingException", "Too many requests, please wait before trying again.");
      } else if (r.Chance(0.05)) {
        a.Set("model", "anthropic.claude-v2:1");
        s.Do(p, step(1, 20), "bedrock.amazonaws.com", name, rg, a, "impact", false, "AccessDeniedException",
             "You don't have access to the model with the specified model ID.");
      } else {
        s.Do(p, step(1, 20), "bedrock.amazonaws.com", name, rg, a, "impact");
      }
    }
  }
}

}  // namespace credtrace::sim
