#ifndef PROGRESS_H
#define PROGRESS_H

/*
 * A progress bar on stderr for long imports: shown only when stderr is a
 * terminal, the input is large and -q was not given.
 */
struct progress;

/* NULL when no bar is to be shown; every function takes NULL. */
struct progress	*progress_start(const char *label, long long total, int quiet);
void		 progress_update(struct progress *, long long done, long rows);
void		 progress_end(struct progress *);

#endif
