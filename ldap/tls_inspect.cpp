#include "ldap/tls_inspect.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <ctime>
#include <cstring>
#include <cerrno>
#include <memory>

#include "ldap/connection.hpp"
#include "ldap/tcp.hpp"

namespace kcldap::ldap {
namespace {

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

std::string name_text(const X509_NAME* name) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
  return bio_text(bio.get());
}

std::string time_text(const ASN1_TIME* time) {
  tm parsed{};
  if (ASN1_TIME_to_tm(time, &parsed) != 1) return "?";
  std::array<char, 32> buffer{};
  std::strftime(buffer.data(), buffer.size(), "%Y-%m-%d %H:%M:%S UTC", &parsed);
  return buffer.data();
}

std::string drain_openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    std::array<char, 256> buffer{};
    ERR_error_string_n(code, buffer.data(), buffer.size());
    if (!text.empty()) text += "; ";
    text += buffer.data();
  }
  return text;
}

CertificateFacts facts_of(X509* cert) {
  CertificateFacts facts;
  facts.subject = name_text(X509_get_subject_name(cert));
  facts.issuer = name_text(X509_get_issuer_name(cert));
  facts.not_before = time_text(X509_get0_notBefore(cert));
  facts.not_after = time_text(X509_get0_notAfter(cert));
  int days = 0;
  int seconds = 0;
  if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert)) == 1) {
    facts.days_left = days;
  }
  facts.self_signed = X509_check_issued(cert, cert) == X509_V_OK;
  std::unique_ptr<GENERAL_NAMES, GeneralNamesFree> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (names) {
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
      if (name->type == GEN_DNS) {
        const auto* text = ASN1_STRING_get0_data(name->d.dNSName);
        facts.names.push_back("DNS:" + std::string(reinterpret_cast<const char*>(text),
                                                   static_cast<std::size_t>(ASN1_STRING_length(name->d.dNSName))));
      } else if (name->type == GEN_IPADD) {
        const auto* bytes = ASN1_STRING_get0_data(name->d.iPAddress);
        const int length = ASN1_STRING_length(name->d.iPAddress);
        std::array<char, 64> buffer{};
        if (length == 4) {
          inet_ntop(AF_INET, bytes, buffer.data(), buffer.size());
        } else if (length == 16) {
          inet_ntop(AF_INET6, bytes, buffer.data(), buffer.size());
        }
        facts.names.push_back("IP:" + std::string(buffer.data()));
      }
    }
  }
  return facts;
}

// Reads exactly `size` bytes, or fails on EOF/timeout (the socket has SO_RCVTIMEO set).
bool read_exact(int fd, unsigned char* buffer, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::recv(fd, buffer + done, size - done, 0);
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

bool read_ber_length(int fd, std::size_t& length) {
  unsigned char first = 0;
  if (!read_exact(fd, &first, 1)) return false;
  if ((first & 0x80U) == 0) {
    length = first;
    return true;
  }
  const unsigned count = first & 0x7FU;
  if (count == 0 || count > 4) return false;
  length = 0;
  for (unsigned i = 0; i < count; ++i) {
    unsigned char byte = 0;
    if (!read_exact(fd, &byte, 1)) return false;
    length = (length << 8U) | byte;
  }
  return length < 65536;
}

// Sends the LDAP StartTLS extended request (message id 1) and reads the extended response's result code
// and diagnostic message. Hand-encoded: it is one fixed message.
void start_tls_exchange(int fd, TlsInspection& report) {
  static const char oid[] = "1.3.6.1.4.1.1466.20037";
  std::string request = {0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, static_cast<char>(0x80), 0x16};
  request += oid;
  report.start_tls_attempted = true;
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    report.start_tls_message = "could not send the StartTLS request";
    return;
  }
  unsigned char tag = 0;
  std::size_t length = 0;
  errno = 0;
  if (!read_exact(fd, &tag, 1)) {
    report.start_tls_timed_out = errno == EAGAIN || errno == EWOULDBLOCK;
    report.start_tls_message = report.start_tls_timed_out ? "no answer to the StartTLS request within " + std::to_string(report.timeout_ms) + " ms"
                                                          : "the server closed the connection without answering StartTLS";
    return;
  }
  if (tag != 0x30 || !read_ber_length(fd, length)) {
    report.start_tls_message = "the server answered something that is not LDAP";
    return;
  }
  std::string body(length, '\0');
  if (!read_exact(fd, reinterpret_cast<unsigned char*>(body.data()), length)) {
    report.start_tls_message = "the server's StartTLS answer was cut short";
    return;
  }
  // body: INTEGER msgid, [APPLICATION 24] { ENUMERATED code, OCTET STRING matchedDN, OCTET STRING message, ...}
  std::size_t at = 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(body[i]); };
  const auto skip_header = [&](std::size_t& pos, std::size_t& len) -> bool {
    if (pos + 2 > body.size()) return false;
    ++pos;  // tag
    const unsigned char first = byte(pos++);
    if ((first & 0x80U) == 0) {
      len = first;
    } else {
      const unsigned count = first & 0x7FU;
      len = 0;
      for (unsigned i = 0; i < count && pos < body.size(); ++i) len = (len << 8U) | byte(pos++);
    }
    return pos + len <= body.size();
  };
  std::size_t len = 0;
  if (!skip_header(at, len)) return;  // message id
  at += len;
  if (at >= body.size() || byte(at) != 0x78) {
    report.start_tls_message = "the server answered the StartTLS request with an unexpected message";
    return;
  }
  if (!skip_header(at, len)) return;  // extended response
  if (!skip_header(at, len) || len != 1) return;  // result code
  report.start_tls_result_code = byte(at);
  at += len;
  if (skip_header(at, len)) at += len;  // matched DN
  if (skip_header(at, len) && at + len <= body.size()) report.start_tls_message = body.substr(at, len);
  report.start_tls_accepted = report.start_tls_result_code == 0;
}

// OpenSSL writes to the socket with write(2), which raises SIGPIPE when the server hangs up mid-handshake
// (exactly what a plain-LDAP port does). Block it for this thread while inspecting, and swallow any
// SIGPIPE that became pending, so a diagnosis never kills the process.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~ScopedSigpipeBlock() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) == 1) {
      timespec none{0, 0};
      sigtimedwait(&pipe_, nullptr, &none);
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t previous_{};
};

bool is_ip_literal(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

std::string describe_tcp_failure(const TcpProbe& tcp) {
  return tcp.resolved ? (tcp.attempts.empty() ? "no address" : describe(tcp.attempts.back().error))
                      : "unknown host: " + tcp.resolve_error;
}

void set_socket_timeouts(int fd, int timeout_ms) {
  timeval limit{timeout_ms / 1000, static_cast<suseconds_t>((timeout_ms % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
}

// A client context trusting the CA file, or the system store when none is configured.
std::unique_ptr<SSL_CTX, SslCtxFree> client_context(const std::string& ca_file, TlsInspection& report) {
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(TLS_client_method()));
  // Verification is evaluated after the handshake rather than enforced in it, so that an untrusted or
  // mismatched certificate can still be shown to the admin.
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  if (!ca_file.empty()) {
    report.trust_source = "CA file " + ca_file;
    report.trust_source_loaded = SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr) == 1;
    drain_openssl_errors();
  } else {
    report.trust_source = "the system trust store (" + system_ca_bundle() + ")";
    report.trust_source_loaded = SSL_CTX_load_verify_locations(ctx.get(), system_ca_bundle().c_str(), nullptr) == 1;
    SSL_CTX_set_default_verify_paths(ctx.get());
    drain_openssl_errors();
  }
  return ctx;
}

// A hung peer (TCP accepted, then silence) makes the socket's receive timeout fire: OpenSSL sees EAGAIN
// and asks to read again. That is a timeout, not a sign of plain LDAP.
void record_failed_handshake(SSL* ssl, int rc, TlsInspection& report) {
  const int reason = SSL_get_error(ssl, rc);
  const bool again = errno == EAGAIN || errno == EWOULDBLOCK;
  const std::string errors = drain_openssl_errors();
  if (reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE || (reason == SSL_ERROR_SYSCALL && again)) {
    report.handshake_timed_out = true;
    report.handshake_error = "the TLS handshake timed out after " + std::to_string(report.timeout_ms) + " ms (the server accepted the "
                             "connection and then sent nothing)";
    return;
  }
  report.handshake_error = errors.empty() ? "the server closed the connection during the TLS handshake" : errors;
  report.looks_like_plain_ldap = errors.empty() || errors.find("wrong version number") != std::string::npos ||
                                 errors.find("unexpected eof") != std::string::npos ||
                                 errors.find("packet length too long") != std::string::npos ||
                                 errors.find("record layer failure") != std::string::npos;
}

// The protocol, the chain, whether it is trusted, and whether the leaf names the host.
void record_session(SSL* ssl, const std::string& host, TlsInspection& report) {
  report.handshake_ok = true;
  report.protocol = SSL_get_version(ssl);
  report.cipher = SSL_get_cipher_name(ssl);
  if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl); chain != nullptr) {
    for (int i = 0; i < sk_X509_num(chain); ++i) report.chain.push_back(facts_of(sk_X509_value(chain, i)));
  }
  const long verify = SSL_get_verify_result(ssl);
  report.chain_trusted = verify == X509_V_OK && report.trust_source_loaded;
  if (verify != X509_V_OK) report.chain_error = X509_verify_cert_error_string(verify);
  if (std::unique_ptr<X509, X509Free> leaf(SSL_get1_peer_certificate(ssl)); leaf) {
    report.name_matches = is_ip_literal(host)
                              ? X509_check_ip_asc(leaf.get(), host.c_str(), 0) == 1
                              : X509_check_host(leaf.get(), host.c_str(), host.size(), 0, nullptr) == 1;
  }
}

}  // namespace

TlsInspection inspect_tls(const LdapUrl& url, bool start_tls, const std::string& ca_file, int timeout_ms) {
  TlsInspection report;
  report.checked_name = url.host;
  report.timeout_ms = timeout_ms;
  const ScopedSigpipeBlock no_sigpipe;
  TcpProbe tcp = tcp_connect(url.host, url.port, timeout_ms);
  if (!tcp.connected()) {
    report.tcp_error = describe_tcp_failure(tcp);
    return report;
  }
  report.tcp_connected = true;
  const int fd = tcp.socket.get();
  set_socket_timeouts(fd, timeout_ms);
  if (start_tls) {
    start_tls_exchange(fd, report);
    if (!report.start_tls_accepted) return report;
  }
  const auto ctx = client_context(ca_file, report);
  std::unique_ptr<SSL, SslFree> ssl(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), fd);
  if (!is_ip_literal(url.host)) {
    // SSL_set_tlsext_host_name is a macro with a C cast; call what it expands to.
    SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(url.host.c_str()));
  }
  errno = 0;
  if (const int rc = SSL_connect(ssl.get()); rc != 1) {
    record_failed_handshake(ssl.get(), rc, report);
    return report;
  }
  record_session(ssl.get(), url.host, report);
  SSL_shutdown(ssl.get());
  return report;
}

}  // namespace kcldap::ldap
