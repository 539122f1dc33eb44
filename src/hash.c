#include <openssl/evp.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"

int
hash_fields(const char *tag, const unsigned char *prev,
    const char *const *fields, size_t n, unsigned char out[HASH_LEN])
{
	EVP_MD_CTX *ctx;
	char len[24];
	unsigned int outlen;
	size_t i;
	int ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(ctx, tag, strlen(tag)) &&
	    EVP_DigestUpdate(ctx, "\n", 1);
	if (ok && prev != NULL)
		ok = EVP_DigestUpdate(ctx, prev, HASH_LEN);
	for (i = 0; ok && i < n; i++) {
		if (fields[i] == NULL) {
			ok = EVP_DigestUpdate(ctx, "-", 1);
			continue;
		}
		snprintf(len, sizeof(len), "%zu:", strlen(fields[i]));
		ok = EVP_DigestUpdate(ctx, len, strlen(len)) &&
		    EVP_DigestUpdate(ctx, fields[i], strlen(fields[i])) &&
		    EVP_DigestUpdate(ctx, ",", 1);
	}
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
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
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
