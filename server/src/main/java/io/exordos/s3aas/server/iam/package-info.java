/**
 * Who a caller is and what it may do, for both front doors: the admin token ({@code AdminToken}),
 * project members' bearer tokens ({@code LocalTokens} hashed in PostgreSQL, or {@code
 * ExordosTokenValidator} against Exordos Core), the roles owner, operator and viewer per project
 * and the rules they grant ({@code AccessRules}), the answers of kubectl's self-subject reviews
 * ({@code Iam}), and the {@code s3aas token} command.
 */
package io.exordos.s3aas.server.iam;
