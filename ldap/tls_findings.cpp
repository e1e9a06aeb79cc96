#include "ldap/tls_findings.hpp"

#include "common/text.hpp"
#include "ldap/result_codes.hpp"

namespace kcldap::ldap {
namespace {

// Records problems on the stage: the first (or the first failure) is the stage's message and remedy.
class Findings {
 public:
  explicit Findings(StageResult& stage) : stage_(stage) {}
  void flag(Status status, std::string message, std::string remedy) {
    if (stage_.status == Status::fail) return;
    if (status == Status::fail || stage_.status == Status::pass) {
      stage_.status = status;
      stage_.message = std::move(message);
      stage_.remedy = std::move(remedy);
    } else {
      stage_.details.push_back("also: " + message);
    }
  }

 private:
  StageResult& stage_;
};

void judge_refused_start_tls(const TlsInspection& tls, StageResult& stage) {
  if (tls.start_tls_timed_out) {
    Findings(stage).flag(Status::fail, "the server did not answer the StartTLS request within " + std::to_string(tls.timeout_ms) + " ms",
                         "the server accepted the connection but hangs: check that it is healthy and that nothing (a proxy, a "
                         "firewall) holds the connection; raise connect_timeout_ms if it is merely slow");
    return;
  }
  stage.details.push_back("StartTLS answer: result " + std::to_string(tls.start_tls_result_code) +
                          (tls.start_tls_message.empty() ? "" : " \"" + tls.start_tls_message + "\""));
  Findings(stage).flag(Status::fail, "the server refused StartTLS" +
                                         (tls.start_tls_result_code >= 0 ? " (" + result_code_name(tls.start_tls_result_code) + ")" : ""),
                       "the server has no TLS set up for StartTLS; use its ldaps:// port if it has one, or configure TLS on the server");
}

void judge_failed_handshake(const TlsInspection& tls, const LdapUrl& url, StageResult& stage) {
  stage.details.push_back("handshake: " + tls.handshake_error);
  if (tls.handshake_timed_out) {
    Findings(stage).flag(Status::fail, "the TLS handshake timed out after " + std::to_string(tls.timeout_ms) + " ms on " + url.host + ":" +
                                           std::to_string(url.port) + ": the server accepted the connection and then sent nothing",
                         "check that the server is healthy and that nothing (a proxy, a firewall) holds the connection; raise "
                         "connect_timeout_ms if it is merely slow");
  } else if (tls.looks_like_plain_ldap && url.secure) {
    Findings(stage).flag(Status::fail, "no TLS on port " + std::to_string(url.port) + ": the server did not complete a TLS handshake",
                         "this port probably serves plain LDAP: use ldap://" + url.host + ":" + std::to_string(url.port) +
                             " with start_tls = true, or the LDAPS port (usually 636)");
  } else {
    Findings(stage).flag(Status::fail, "the TLS handshake failed", "check that the server's TLS setup is valid and that it accepts TLS 1.2 or newer");
  }
}

void describe_session(const TlsInspection& tls, StageResult& stage) {
  stage.details.push_back("protocol " + tls.protocol + ", cipher " + tls.cipher);
  for (std::size_t i = 0; i < tls.chain.size(); ++i) {
    const auto& cert = tls.chain[i];
    stage.details.push_back((i == 0 ? "certificate: " : "chain[" + std::to_string(i) + "]: ") + cert.subject +
                            "; issuer " + cert.issuer + "; valid until " + cert.not_after +
                            (cert.names.empty() ? "" : "; names " + join(cert.names, ", ")));
  }
  stage.details.push_back("trust: " + tls.trust_source);
}

void judge_trust(const TlsInspection& tls, const CertificateFacts* leaf, const ProbeOptions& options, Status problem,
                 Findings& findings) {
  if (!tls.trust_source_loaded) {
    findings.flag(Status::fail, "ca_file " + options.ca_file + " could not be read as PEM certificates",
                  "point ca_file at a readable PEM file holding the CA certificate (-----BEGIN CERTIFICATE-----)");
  } else if (!tls.chain_trusted && contains_nocase(tls.chain_error, "expired")) {
    findings.flag(problem, "the certificate is not trusted: " + tls.chain_error,
                  "renew the server certificate; if it looks valid, check this machine's clock");
  } else if (!tls.chain_trusted && contains_nocase(tls.chain_error, "not yet valid")) {
    findings.flag(problem, "the certificate is not trusted: " + tls.chain_error,
                  "check the clock of this machine and of the server (the certificate's validity starts later)");
  } else if (!tls.chain_trusted) {
    const std::string issuer = leaf != nullptr ? leaf->issuer : "?";
    findings.flag(problem, "the certificate is not trusted: " + tls.chain_error + " (issuer " + issuer + ")",
                  options.ca_file.empty()
                      ? "set ca_file to the PEM file of the CA that issued the server certificate (" + issuer + ")"
                      : "the CA in " + options.ca_file + " did not issue this certificate; use the CA of " + issuer);
  }
}

void judge_name(const TlsInspection& tls, const CertificateFacts* leaf, const LdapUrl& url, Status problem, Findings& findings) {
  if (!tls.name_matches && leaf != nullptr) {
    findings.flag(problem, "the certificate does not name " + url.host + " (it names " +
                               (leaf->names.empty() ? leaf->subject : join(leaf->names, ", ")) + ")",
                  "connect with a name the certificate lists, or reissue the certificate with " + url.host +
                      " in its subjectAltName");
  }
}

void judge_expiry(const CertificateFacts* leaf, Status problem, Findings& findings) {
  if (leaf != nullptr && leaf->days_left < 0) {
    findings.flag(problem, "the certificate expired on " + leaf->not_after, "renew the server certificate");
  } else if (leaf != nullptr && leaf->days_left < 30) {
    findings.flag(Status::warn, "the certificate expires in " + std::to_string(leaf->days_left) + (leaf->days_left == 1 ? " day (" : " days (") + leaf->not_after + ")",
                  "renew the server certificate before it expires: Keycloak logins will fail then");
  }
}

std::string describe_trusted_session(const TlsInspection& tls, const CertificateFacts* leaf, const LdapUrl& url,
                                     const ProbeOptions& options) {
  return tls.protocol + (options.start_tls ? " via StartTLS" : "") + ", certificate for " +
         (leaf != nullptr && !leaf->names.empty() ? join(leaf->names, ", ") : url.host) +
         " trusted by " + (options.ca_file.empty() ? "the system store" : options.ca_file) +
         (leaf != nullptr ? ", expires in " + std::to_string(leaf->days_left) + " days" : "");
}

void judge_certificate(const TlsInspection& tls, const LdapUrl& url, const ProbeOptions& options, StageResult& stage) {
  describe_session(tls, stage);
  // Without verification a certificate problem is what Keycloak may or may not see: a warning, not a failure.
  const Status problem = options.tls_verify ? Status::fail : Status::warn;
  const CertificateFacts* leaf = tls.chain.empty() ? nullptr : &tls.chain.front();
  Findings findings(stage);
  judge_trust(tls, leaf, options, problem, findings);
  judge_name(tls, leaf, url, problem, findings);
  judge_expiry(leaf, problem, findings);
  if (stage.status == Status::pass) stage.message = describe_trusted_session(tls, leaf, url, options);
}

void note_verification_off(StageResult& stage) {
  stage.details.push_back("tls_verify = false: kcldap does not verify the certificate; Keycloak will use its own truststore setting");
  if (stage.status == Status::pass) {
    stage.status = Status::warn;
    stage.message = "certificate verification is OFF (tls_verify = false): a man in the middle could read the bind password";
    stage.remedy = "set tls_verify = true and give ca_file instead";
  }
}

}  // namespace

StageResult judge_tls(const TlsInspection& tls, const LdapUrl& url, const ProbeOptions& options) {
  StageResult stage{"ldap.tls", "TLS", Status::pass, "", {}, ""};
  if (tls.start_tls_attempted && !tls.start_tls_accepted) {
    judge_refused_start_tls(tls, stage);
  } else if (!tls.handshake_ok) {
    judge_failed_handshake(tls, url, stage);
  } else {
    judge_certificate(tls, url, options, stage);
  }
  if (!options.tls_verify) note_verification_off(stage);
  return stage;
}

StageResult judge_plain_channel(const ProbeOptions& options) {
  StageResult stage{"ldap.tls", "TLS", Status::warn, "", {}, ""};
  if (!options.bind_dn.empty()) {
    stage.message = "plain ldap:// without StartTLS: the bind password and all user data cross the network unencrypted";
    stage.remedy = "use ldaps:// (port 636) or set start_tls = true; anyone on the network path can read the bind password";
  } else {
    stage.message = "plain ldap:// without StartTLS: user data crosses the network unencrypted";
    stage.remedy = "use ldaps:// (port 636) or set start_tls = true";
  }
  return stage;
}

}  // namespace kcldap::ldap
