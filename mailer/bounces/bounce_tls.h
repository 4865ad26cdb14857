/*
 * bounce_tls: a libetpan mailstream over a TLS connection whose server
 * certificate GnuTLS has checked (chain against ca_file or the system's
 * CAs, and the host name) before a byte of IMAP or POP3 is exchanged.
 * libetpan's own TLS streams check nothing, so `embargo bounces` never uses
 * them: a password must not reach a server that is not the one named.
 */
#ifndef EMBARGO_BOUNCE_TLS_H
#define EMBARGO_BOUNCE_TLS_H

#include <libetpan/libetpan.h>

#include "diag.h"

/* Connect to host:port (timeout seconds for the connection and each read),
 * do the TLS handshake and check the certificate.  Returns the stream
 * (mailstream_close frees it), or NULL with an error in d: EX_TEMPFAIL when
 * the server cannot be reached, EX_PROTOCOL when its certificate is not
 * trusted. */
mailstream *bounce_tls_connect(const char *host, int port, const char *ca_file, long timeout,
                               struct diags *d);

#endif
