#include <openssl/evp.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"

/*
 * SHA-256, fetched from its provider once.  EVP_sha256() hands back a
 * legacy method that OpenSSL 3 fetches afresh at every EVP_DigestInit_ex:
 * in a profile of verify that fetch, with its locks and lookups, cost as
 * much as the hashing (one row and one entry hashed each, millions of
 * them).  When the fetch fails the legacy method still works, slower.
 */
static EVP_MD *sha256_fetched;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void
sha256_fetch(void)
{
	sha256_fetched = EVP_MD_fetch(NULL, "SHA2-256", NULL);
}

static const EVP_MD *
sha256(void)
{
	pthread_once(&sha256_once, sha256_fetch);
	return sha256_fetched != NULL ? sha256_fetched : EVP_sha256();
}

/*
 * Append N bytes at P to the message being built in BUF (*LEN used), or,
 * when it would not fit, hash what BUF holds and then P itself.  The
 * message is the same either way; one EVP_DigestUpdate() of a row does
 * in a call what a call a field would do in eight.
 */
static int
feed(EVP_MD_CTX *ctx, char *buf, size_t size, size_t *len, const void *p,
    size_t n)
{
	if (*len + n <= size) {
		memcpy(buf + *len, p, n);
		*len += n;
		return 1;
	}
	if (*len > 0 && !EVP_DigestUpdate(ctx, buf, *len))
		return 0;
	*len = 0;
	if (n <= size) {
		memcpy(buf, p, n);
		*len = n;
		return 1;
	}
	return EVP_DigestUpdate(ctx, p, n);
}

/*
 * "N:", the length a field is hashed after, into P (room for 24): what
 * snprintf("%zu:") writes, without its cost, paid twice a field a row.
 */
static size_t
length_prefix(size_t n, char *p)
{
	char digits[24];
	size_t k = 0, i;

	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	for (i = 0; i < k; i++)
		p[i] = digits[k - 1 - i];
	p[k] = ':';
	return k + 1;
}

int
hash_fields(const char *tag, const unsigned char *prev,
    const char *const *fields, size_t n, unsigned char out[HASH_LEN])
{
	EVP_MD_CTX *ctx;
	char buf[2048], len[24];
	unsigned int outlen;
	size_t i, used = 0, flen;
	int ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestInit_ex(ctx, sha256(), NULL) &&
	    feed(ctx, buf, sizeof(buf), &used, tag, strlen(tag)) &&
	    feed(ctx, buf, sizeof(buf), &used, "\n", 1);
	if (ok && prev != NULL)
		ok = feed(ctx, buf, sizeof(buf), &used, prev, HASH_LEN);
	for (i = 0; ok && i < n; i++) {
		if (fields[i] == NULL) {
			ok = feed(ctx, buf, sizeof(buf), &used, "-", 1);
			continue;
		}
		flen = strlen(fields[i]);
		ok = feed(ctx, buf, sizeof(buf), &used, len,
		    length_prefix(flen, len)) &&
		    feed(ctx, buf, sizeof(buf), &used, fields[i], flen) &&
		    feed(ctx, buf, sizeof(buf), &used, ",", 1);
	}
	if (ok && used > 0)
		ok = EVP_DigestUpdate(ctx, buf, used);
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, out, &outlen) && outlen == HASH_LEN;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

void
hash_hex(const unsigned char *hash, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < HASH_LEN; i++) {
		out[2 * i] = digits[hash[i] >> 4];
		out[2 * i + 1] = digits[hash[i] & 0xf];
	}
	out[HASH_HEX_LEN] = '\0';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hash_unhex(const char *s, unsigned char out[HASH_LEN])
{
	size_t i;
	int hi, lo;

	if (strlen(s) != HASH_HEX_LEN)
		return -1;
	for (i = 0; i < HASH_LEN; i++) {
		if ((hi = hex_value(s[2 * i])) < 0 ||
		    (lo = hex_value(s[2 * i + 1])) < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

void
hash_xor(unsigned char *digest, const unsigned char *h)
{
	size_t i;

	for (i = 0; i < HASH_LEN; i++)
		digest[i] ^= h[i];
}

/* Read in blocks: an export may be larger than memory should hold. */
int
hash_stream(FILE *fp, unsigned char out[HASH_LEN], long long *size)
{
	unsigned char buf[65536];
	EVP_MD_CTX *ctx;
	unsigned int outlen;
	long long total = 0;
	size_t n;
	int ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestInit_ex(ctx, sha256(), NULL);
	while (ok && (n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		ok = EVP_DigestUpdate(ctx, buf, n);
		total += (long long)n;
	}
	if (ok && ferror(fp)) {
		ok = 0;
		if (errno == 0)
			errno = EIO;
	}
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, out, &outlen) && outlen == HASH_LEN;
	EVP_MD_CTX_free(ctx);
	if (ok && size != NULL)
		*size = total;
	return ok ? 0 : -1;
}

int
hash_file(const char *path, unsigned char out[HASH_LEN], long long *size)
{
	FILE *fp;
	int rc, saved;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	rc = hash_stream(fp, out, size);
	saved = errno;
	fclose(fp);
	errno = saved;
	return rc;
}
