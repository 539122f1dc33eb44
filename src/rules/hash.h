#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include <stdio.h>

/*
 * SHA-256 over canonical content, through OpenSSL's libcrypto.  The
 * canonical form frames every field by its length, so that no two
 * different rows give the same bytes: "TAG\n" then, per field, "-" for
 * NULL or "LEN:BYTES," (a netstring).
 */

#define HASH_LEN 32
#define HASH_HEX_LEN 64

/*
 * Hash the N fields (NULL allowed) under TAG, after PREV (HASH_LEN bytes,
 * or NULL for none), into OUT.  Returns 0, or -1 when libcrypto fails.
 */
int	hash_fields(const char *tag, const unsigned char *prev,
	    const char *const *fields, size_t n, unsigned char out[HASH_LEN]);

/*
 * SHA-256 of FP's bytes from where it stands to its end, into OUT; *SIZE
 * (may be NULL) gets how many.  0, or -1 on a read error (errno set) or
 * when libcrypto fails.  FP is left at its end, not closed.
 */
int	hash_stream(FILE *fp, unsigned char out[HASH_LEN], long long *size);
/* The same over the whole file at PATH. */
int	hash_file(const char *path, unsigned char out[HASH_LEN],
	    long long *size);

/* Lowercase hex of HASH_LEN bytes into OUT (HASH_HEX_LEN + 1 bytes). */
void	hash_hex(const unsigned char *hash, char *out);
/* Parse 64 hex digits; 0, or -1 when S is not one. */
int	hash_unhex(const char *s, unsigned char out[HASH_LEN]);
/* DIGEST ^= H: the order-free digest of a table's rows. */
void	hash_xor(unsigned char *digest, const unsigned char *h);

#endif
