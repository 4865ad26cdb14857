#include "config.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "util.h"
#include "wordfold.h"

#define UBUF 96 /* UTF-16 units: more than a 31-byte key can come from */

static bool all_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return false;
	}
	return true;
}

/* Marks are dropped after canonical decomposition: "û" is "u" + U+0302. */
static int32_t strip(const UChar *in, int32_t n, UChar *out, int32_t cap)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&e);
	UChar tmp[UBUF * 2];
	if (U_FAILURE(e))
		return -1;
	int32_t m = unorm2_normalize(nfd, in, n, tmp, UBUF * 2, &e);
	if (U_FAILURE(e))
		return -1;
	int32_t k = 0;
	for (int32_t i = 0; i < m; i++) {
		if (u_charType(tmp[i]) == U_NON_SPACING_MARK)
			continue;
		if (k == cap)
			return -1;
		out[k++] = tmp[i];
	}
	return k;
}

bool wordfold(const char *s, size_t len, bool strip_marks, char *out, size_t cap)
{
	out[0] = '\0';
	if (len >= cap || cap == 0)
		return false;
	if (all_ascii(s, len)) {
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];
			out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		out[len] = '\0';
		return true;
	}
	UChar u[UBUF], f[UBUF], g[UBUF];
	int32_t n = 0, m;
	UErrorCode e = U_ZERO_ERROR;
	u_strFromUTF8WithSub(u, UBUF, &n, s, (int32_t)len, 0xFFFD, NULL, &e);
	if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
		return false;
	m = u_strFoldCase(f, UBUF, u, n, U_FOLD_CASE_DEFAULT, &e);
	if (U_FAILURE(e) || m >= UBUF)
		return false;
	if (strip_marks) {
		m = strip(f, m, g, UBUF);
		if (m < 0)
			return false;
		memcpy(f, g, (size_t)m * sizeof *f);
	}
	int32_t bytes = 0;
	u_strToUTF8(out, (int32_t)cap, &bytes, f, m, &e);
	if (U_FAILURE(e) || bytes >= (int32_t)cap) {
		out[0] = '\0';
		return false;
	}
	out[bytes] = '\0';
	return true;
}

void wordfold_case(const char *s, size_t len, bool *has_lower, bool *initial_cap)
{
	int32_t i = 0, n = (int32_t)len;
	bool first = true;
	*has_lower = false;
	*initial_cap = false;
	while (i < n) {
		UChar32 c;
		U8_NEXT((const uint8_t *)s, i, n, c);
		if (c < 0)
			c = 0xFFFD;
		if (u_islower(c))
			*has_lower = true;
		if (first)
			*initial_cap = u_isupper(c) || u_istitle(c);
		first = false;
	}
}

/* Word characters of a phrase: letters, digits and marks. */
static bool phrase_letter(UChar32 c)
{
	return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK ||
	       u_charType(c) == U_COMBINING_SPACING_MARK;
}

char *wordfold_phrase(const char *s, bool strip_marks)
{
	struct strbuf sb;
	int32_t i = 0, n = (int32_t)strlen(s);
	char key[32];
	strbuf_init(&sb);
	while (i < n) {
		int32_t start = i, end = i;
		UChar32 c;
		U8_NEXT((const uint8_t *)s, i, n, c);
		if (c < 0 || !phrase_letter(c))
			continue;
		end = i;
		while (end < n) {
			int32_t j = end;
			U8_NEXT((const uint8_t *)s, j, n, c);
			if (c < 0 || !phrase_letter(c))
				break;
			end = j;
		}
		if (!wordfold(s + start, (size_t)(end - start), strip_marks, key, sizeof key)) {
			strbuf_release(&sb);
			return NULL;
		}
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_adds(&sb, key);
		i = end;
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}
