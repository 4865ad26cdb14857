#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sysexits.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "bounce_tls.h"
#include "util.h"

struct tls_conn {
	int fd;
	gnutls_session_t session;
	gnutls_certificate_credentials_t cred;
};

static ssize_t tls_read(mailstream_low *s, void *buf, size_t n)
{
	struct tls_conn *c = s->data;
	ssize_t r;
	do
		r = gnutls_record_recv(c->session, buf, n);
	while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
	return r < 0 ? -1 : r;
}

static ssize_t tls_write(mailstream_low *s, const void *buf, size_t n)
{
	struct tls_conn *c = s->data;
	ssize_t r;
	do
		r = gnutls_record_send(c->session, buf, n);
	while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
	return r < 0 ? -1 : r;
}

static int tls_close(mailstream_low *s)
{
	struct tls_conn *c = s->data;
	if (c->fd >= 0) {
		gnutls_bye(c->session, GNUTLS_SHUT_WR);
		close(c->fd);
		c->fd = -1;
	}
	return 0;
}

static int tls_get_fd(mailstream_low *s)
{
	return ((struct tls_conn *)s->data)->fd;
}

static void conn_free(struct tls_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	gnutls_deinit(c->session);
	gnutls_certificate_free_credentials(c->cred);
	free(c);
}

static void tls_free(mailstream_low *s)
{
	conn_free(s->data);
	free(s);
}

static void tls_cancel(mailstream_low *s)
{
	(void)s;
}

static struct mailstream_cancel *tls_get_cancel(mailstream_low *s)
{
	(void)s;
	return NULL;
}

static carray *tls_chain(mailstream_low *s)
{
	(void)s;
	return NULL;
}

static int tls_idle(mailstream_low *s)
{
	(void)s;
	return -1;
}

static mailstream_low_driver tls_driver = {
    .mailstream_read = tls_read,
    .mailstream_write = tls_write,
    .mailstream_close = tls_close,
    .mailstream_get_fd = tls_get_fd,
    .mailstream_free = tls_free,
    .mailstream_cancel = tls_cancel,
    .mailstream_get_cancel = tls_get_cancel,
    .mailstream_get_certificate_chain = tls_chain,
    .mailstream_setup_idle = tls_idle,
    .mailstream_unsetup_idle = tls_idle,
    .mailstream_interrupt_idle = tls_idle,
};

static int tcp_connect(const char *host, int port, long timeout, struct diags *d)
{
	char service[16];
	snprintf(service, sizeof service, "%d", port);
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC}, *res;
	int e = getaddrinfo(host, service, &hints, &res);
	if (e != 0)
		return diag_error(d, EX_TEMPFAIL, NULL, 0, 0,
		                  "check the host name in the source URL", "cannot resolve %s: %s",
		                  host, gai_strerror(e));
	int fd = -1, err = 0;
	for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0)
			continue;
		struct timeval tv = {.tv_sec = timeout};
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		if (connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
			err = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		return diag_error(d, EX_TEMPFAIL, NULL, 0, 0,
		                  "embargo bounces tries again next time",
		                  "cannot connect to %s port %d: %s", host, port, strerror(err));
	return fd;
}

static bool is_ip(const char *host)
{
	unsigned char buf[16];
	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

static int handshake(struct tls_conn *c, const char *host, const char *ca_file, struct diags *d)
{
	if (gnutls_certificate_allocate_credentials(&c->cred) < 0 ||
	    gnutls_init(&c->session, GNUTLS_CLIENT) < 0)
		return diag_error(d, EX_SOFTWARE, NULL, 0, 0, NULL, "cannot start TLS");
	int n = ca_file
	            ? gnutls_certificate_set_x509_trust_file(c->cred, ca_file, GNUTLS_X509_FMT_PEM)
	            : gnutls_certificate_set_x509_system_trust(c->cred);
	if (n <= 0)
		return diag_error(d, EX_CONFIG, ca_file, 0, 0,
		                  "name a PEM file with the CA's certificate",
		                  "no CA certificate could be loaded");
	gnutls_set_default_priority(c->session);
	gnutls_credentials_set(c->session, GNUTLS_CRD_CERTIFICATE, c->cred);
	if (!is_ip(host))
		gnutls_server_name_set(c->session, GNUTLS_NAME_DNS, host, strlen(host));
	/* the handshake fails unless the chain and the host name check out */
	gnutls_session_set_verify_cert(c->session, host, 0);
	gnutls_transport_set_int(c->session, c->fd);
	gnutls_handshake_set_timeout(c->session, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);
	int r;
	do
		r = gnutls_handshake(c->session);
	while (r < 0 && !gnutls_error_is_fatal(r));
	if (r == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR) {
		gnutls_datum_t why = {0};
		gnutls_certificate_verification_status_print(
		    gnutls_session_get_verify_cert_status(c->session), GNUTLS_CRT_X509, &why, 0);
		diag_error(d, EX_PROTOCOL, NULL, 0, 0,
		           "set bounces.ca_file to the CA that signed the server's certificate",
		           "the certificate of %s is not trusted: %s", host,
		           why.data ? (char *)why.data : "verification failed");
		gnutls_free(why.data);
		return -1;
	}
	if (r < 0)
		return diag_error(d, EX_TEMPFAIL, NULL, 0, 0, NULL, "TLS with %s failed: %s", host,
		                  gnutls_strerror(r));
	return 0;
}

mailstream *bounce_tls_connect(const char *host, int port, const char *ca_file, long timeout,
                               struct diags *d)
{
	int fd = tcp_connect(host, port, timeout, d);
	if (fd < 0)
		return NULL;
	struct tls_conn *c = xcalloc(1, sizeof *c);
	c->fd = fd;
	if (handshake(c, host, ca_file, d) < 0) {
		conn_free(c);
		return NULL;
	}
	mailstream_low *low = mailstream_low_new(c, &tls_driver);
	mailstream *s = low ? mailstream_new(low, 8192) : NULL;
	if (!s) {
		if (low)
			mailstream_low_free(low);
		else
			conn_free(c);
		diag_error(d, EX_OSERR, NULL, 0, 0, NULL, "out of memory");
	}
	return s;
}
