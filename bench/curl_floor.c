/*
 * curl_floor: libcurl's own SMTP client alone, the way embargo drove it
 * before it sent its own transactions (issue 16), as a yardstick for
 * bench/send: CONNECTIONS threads, each with a multi handle of its own and
 * one easy handle reused for its messages (libcurl 7.88 waits for the reply
 * to the final "." inside its multi loop, so a connection per thread is what
 * lets them overlap), one recipient per transaction, the 16 KiB upload
 * buffer of doc/design.md "Library facts", the same message N times.  Nothing is composed,
 * checked or journaled: what is left is the floor libcurl sets.
 *
 *   curl_floor URL CONNECTIONS N FILE
 *
 * Built by bench/send at run time (cc, pkg-config libcurl); not installed.
 * Exits 1 if any transfer fails.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct floor_job {
	const char *url;
	const char *msg;
	size_t len;
	long total;
	long started; /* under lock */
	int failed;   /* under lock */
	pthread_mutex_t lock;
};

struct floor_conn {
	struct floor_job *job;
	size_t off;
};

static size_t floor_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct floor_conn *c = arg;
	size_t n = size * nitems, left = c->job->len - c->off;
	if (n > left)
		n = left;
	memcpy(buf, c->job->msg + c->off, n);
	c->off += n;
	return n;
}

static int floor_take(struct floor_job *job)
{
	pthread_mutex_lock(&job->lock);
	int ok = job->started < job->total;
	if (ok)
		job->started++;
	pthread_mutex_unlock(&job->lock);
	return ok;
}

static CURL *floor_easy(struct floor_conn *c, struct curl_slist *rcpt)
{
	CURL *e = curl_easy_init();
	if (!e)
		return NULL;
	curl_easy_setopt(e, CURLOPT_URL, c->job->url);
	curl_easy_setopt(e, CURLOPT_MAIL_FROM, "<press@example.org>");
	curl_easy_setopt(e, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, 16384L);
	curl_easy_setopt(e, CURLOPT_READFUNCTION, floor_read);
	curl_easy_setopt(e, CURLOPT_READDATA, c);
	curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)c->job->len);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	return e;
}

/* One message from start to end on the connection's multi handle. */
static CURLcode floor_one(CURLM *m, CURL *e, struct floor_conn *c)
{
	int running = 1;
	CURLcode rc = CURLE_OK;
	c->off = 0;
	curl_multi_add_handle(m, e);
	while (running) {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		if (running)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	}
	CURLMsg *msg;
	int q;
	while ((msg = curl_multi_info_read(m, &q)) != NULL)
		if (msg->msg == CURLMSG_DONE)
			rc = msg->data.result;
	curl_multi_remove_handle(m, e);
	return rc;
}

static void *floor_thread(void *arg)
{
	struct floor_conn c = {.job = arg};
	struct curl_slist *rcpt = curl_slist_append(NULL, "<reporter@example.com>");
	CURLM *m = curl_multi_init();
	CURL *e = rcpt && m ? floor_easy(&c, rcpt) : NULL;
	int failed = !e;
	while (e && floor_take(c.job)) {
		CURLcode rc = floor_one(m, e, &c);
		if (rc != CURLE_OK) {
			fprintf(stderr, "curl_floor: %s\n", curl_easy_strerror(rc));
			failed = 1;
			break;
		}
	}
	pthread_mutex_lock(&c.job->lock);
	c.job->failed |= failed;
	pthread_mutex_unlock(&c.job->lock);
	curl_easy_cleanup(e);
	curl_multi_cleanup(m);
	curl_slist_free_all(rcpt);
	return NULL;
}

static char *floor_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len + 65536 > cap) {
			cap = (*len + 65536) * 2;
			char *nb = realloc(buf, cap);
			if (!nb)
				break;
			buf = nb;
		}
		size_t r = fread(buf + *len, 1, cap - *len, fp);
		*len += r;
		if (r == 0)
			break;
	}
	fclose(fp);
	return buf;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: curl_floor URL CONNECTIONS N FILE\n");
		return 2;
	}
	struct floor_job job = {.url = argv[1], .total = atol(argv[3])};
	int conns = atoi(argv[2]);
	job.msg = floor_slurp(argv[4], &job.len);
	if (!job.msg || conns < 1 || conns > 64) {
		fprintf(stderr, "curl_floor: bad arguments or unreadable %s\n", argv[4]);
		return 2;
	}
	pthread_mutex_init(&job.lock, NULL);
	curl_global_init(CURL_GLOBAL_ALL);
	pthread_t t[64];
	int n = 0;
	while (n < conns && pthread_create(&t[n], NULL, floor_thread, &job) == 0)
		n++;
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	curl_global_cleanup();
	free((char *)job.msg);
	return job.failed || n == 0 ? 1 : 0;
}
