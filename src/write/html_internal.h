#ifndef HTML_INTERNAL_H
#define HTML_INTERNAL_H

/* html_assets.c: the page's <style> and <script> elements, whole. */
extern const char html_style[];
extern const char html_script[];

#endif
