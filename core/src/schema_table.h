/* Short names for writing schema tables (payloads.c, rest.c) one field a line.
 * Include only in files that define tables: the names are deliberately short. */
#ifndef CC_SCHEMA_TABLE_H
#define CC_SCHEMA_TABLE_H

#include "schema.h"

#define STR CC_T_STRING
#define NUM CC_T_NUMBER
#define BOOL CC_T_BOOL
#define OBJ CC_T_OBJECT
#define ARR CC_T_ARRAY
#define REQ CC_F_REQUIRED

#endif
