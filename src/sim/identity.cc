#include "sim/identity.h"

#include "base/json_escape.h"
#include "sim/ids.h"

namespace credtrace::sim {

namespace {

class Obj {
 public:
  Obj& Str(std::string_view k, std::string_view v) {
    Key(k);
    AppendJsonString(&s_, v);
    return *this;
  }
  Obj& Raw(std::string_view k, std::string_view v) {
    Key(k);
    s_.append(v);
    return *this;
  }
  std::string Done() { return s_ + "}"; }

 private:
  void Key(std::string_view k) {
    s_.push_back(first_ ? '{' : ',');
    first_ = false;
    AppendJsonString(&s_, k);
    s_.push_back(':');
  }
  std::string s_;
  bool first_ = true;
};

std::string Attributes(TimeMs created, bool mfa) {
  return Obj().Str("creationDate", IsoSeconds(created)).Str("mfaAuthenticated", mfa ? "true" : "false").Done();
}

std::string Issuer(std::string_view type, std::string_view pid, std::string_view arn,
                   std::string_view account, std::string_view name) {
  return Obj().Str("type", type).Str("principalId", pid).Str("arn", arn).Str("accountId", account)
      .Str("userName", name).Done();
}

}  // namespace

Identity IamUserIdentity(const std::string& account, const std::string& user_id,
                         const std::string& user_name, const std::string& key) {
  Identity id{"IAMUser", account, "arn:aws:iam::" + account + ":user/" + user_name, key, {}};
  Obj o;
  o.Str("type", "IAMUser").Str("principalId", user_id).Str("arn", id.arn).Str("accountId", account);
  if (!key.empty()) o.Str("accessKeyId", key);
  o.Str("userName", user_name);
  id.json = o.Done();
  return id;
}

Identity IamUserConsoleIdentity(const std::string& account, const std::string& user_id,
                                const std::string& user_name, const std::string& key,
                                TimeMs created, bool mfa) {
  Identity id{"IAMUser", account, "arn:aws:iam::" + account + ":user/" + user_name, key, {}};
  std::string ctx = Obj().Raw("sessionIssuer", "{}").Raw("webIdFederationData", "{}")
                        .Raw("attributes", Attributes(created, mfa)).Done();
  id.json = Obj().Str("type", "IAMUser").Str("principalId", user_id).Str("arn", id.arn)
                .Str("accountId", account).Str("accessKeyId", key).Str("userName", user_name)
                .Raw("sessionContext", ctx).Done();
  return id;
}

Identity IamUserSessionTokenIdentity(const std::string& account, const std::string& user_id,
                                     const std::string& user_name, const std::string& key,
                                     TimeMs created, bool mfa) {
  Identity id{"IAMUser", account, "arn:aws:iam::" + account + ":user/" + user_name, key, {}};
  std::string ctx = Obj().Raw("sessionIssuer", Issuer("IAMUser", user_id, id.arn, account, user_name))
                        .Raw("webIdFederationData", "{}").Raw("attributes", Attributes(created, mfa)).Done();
  id.json = Obj().Str("type", "IAMUser").Str("principalId", user_id).Str("arn", id.arn)
                .Str("accountId", account).Str("accessKeyId", key).Str("userName", user_name)
                .Raw("sessionContext", ctx).Done();
  return id;
}

Identity RoleSessionIdentity(const RoleRef& role, const std::string& session,
                             const std::string& key, TimeMs created, const SessionExtras& x) {
  Identity id{"AssumedRole", role.account,
              "arn:aws:sts::" + role.account + ":assumed-role/" + role.name + "/" + session, key, {}};
  Obj ctx;
  ctx.Raw("sessionIssuer", Issuer("Role", role.role_id, role.Arn(), role.account, role.name));
  if (!x.web_id_provider.empty()) {
    ctx.Raw("webIdFederationData",
            Obj().Str("federatedProvider", x.web_id_provider).Raw("attributes", "{}").Done());
  } else {
    ctx.Raw("webIdFederationData", "{}");
  }
  ctx.Raw("attributes", Attributes(created, x.mfa));
  if (!x.source_identity.empty()) ctx.Str("sourceIdentity", x.source_identity);
  if (!x.ec2_role_delivery.empty()) ctx.Str("ec2RoleDelivery", x.ec2_role_delivery);
  Obj o;
  o.Str("type", "AssumedRole").Str("principalId", role.role_id + ":" + session).Str("arn", id.arn)
      .Str("accountId", role.account).Str("accessKeyId", key).Raw("sessionContext", ctx.Done());
  if (!x.invoked_by.empty()) o.Str("invokedBy", x.invoked_by);
  id.json = o.Done();
  return id;
}

Identity FederatedUserIdentity(const std::string& account, const std::string& fed_name,
                               const std::string& key, const std::string& issuer_user_id,
                               const std::string& issuer_user_name, TimeMs created) {
  Identity id{"FederatedUser", account, "arn:aws:sts::" + account + ":federated-user/" + fed_name, key, {}};
  std::string issuer_arn = "arn:aws:iam::" + account + ":user/" + issuer_user_name;
  std::string ctx = Obj().Raw("sessionIssuer", Issuer("IAMUser", issuer_user_id, issuer_arn, account, issuer_user_name))
                        .Raw("webIdFederationData", "{}").Raw("attributes", Attributes(created, false)).Done();
  id.json = Obj().Str("type", "FederatedUser").Str("principalId", account + ":" + fed_name)
                .Str("arn", id.arn).Str("accountId", account).Str("accessKeyId", key)
                .Raw("sessionContext", ctx).Done();
  return id;
}

Identity RootIdentity(const std::string& account, const std::string& key, bool console,
                      TimeMs created, bool mfa) {
  Identity id{"Root", account, "arn:aws:iam::" + account + ":root", key, {}};
  Obj o;
  o.Str("type", "Root").Str("principalId", account).Str("arn", id.arn).Str("accountId", account);
  if (!key.empty()) o.Str("accessKeyId", key);
  if (console) {
    o.Raw("sessionContext", Obj().Raw("sessionIssuer", "{}").Raw("webIdFederationData", "{}")
                                .Raw("attributes", Attributes(created, mfa)).Done());
  }
  id.json = o.Done();
  return id;
}

Identity ServiceIdentity(const std::string& invoked_by) {
  Identity id{"AWSService", "", "", "", {}};
  id.json = Obj().Str("type", "AWSService").Str("invokedBy", invoked_by).Done();
  return id;
}

Identity AwsAccountIdentity(const std::string& principal_id, const std::string& account) {
  Identity id{"AWSAccount", account, "", "", {}};
  id.json = Obj().Str("type", "AWSAccount").Str("principalId", principal_id).Str("accountId", account).Done();
  return id;
}

Identity SamlUserIdentity(const std::string& principal_id, const std::string& user_name,
                          const std::string& provider) {
  Identity id{"SAMLUser", "", "", "", {}};
  id.json = Obj().Str("type", "SAMLUser").Str("principalId", principal_id).Str("userName", user_name)
                .Str("identityProvider", provider).Done();
  return id;
}

Identity WebIdentityUserIdentity(const std::string& principal_id, const std::string& user_name,
                                 const std::string& provider) {
  Identity id{"WebIdentityUser", "", "", "", {}};
  id.json = Obj().Str("type", "WebIdentityUser").Str("principalId", principal_id)
                .Str("userName", user_name).Str("identityProvider", provider).Done();
  return id;
}

Identity IdentityCenterUserIdentity(const std::string& account, const std::string& user_guid,
                                    const std::string& identity_store_arn,
                                    const std::string& credential_id) {
  Identity id{"IdentityCenterUser", account, "", "", {}};
  id.json = Obj().Str("type", "IdentityCenterUser").Str("accountId", account)
                .Raw("onBehalfOf", Obj().Str("userId", user_guid).Str("identityStoreArn", identity_store_arn).Done())
                .Str("credentialId", credential_id).Done();
  return id;
}

}  // namespace credtrace::sim
