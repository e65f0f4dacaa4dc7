# A plain R implementation of the sweep, written the way a user would: one
# svd() per fit and per ablation level, explicit test matrices. The tests
# compare the C core against it, and bench/run.R times it.

reference_min_norm <- function(x, y, cutoff = 0, tol = NULL) {
  s <- svd(x)
  tol <- tol %||% (max(dim(x)) * s$d[1] * .Machine$double.eps)
  keep <- s$d > max(tol, cutoff)
  beta <- s$v[, keep, drop = FALSE] %*%
    (crossprod(s$u[, keep, drop = FALSE], y) / s$d[keep])
  list(beta = drop(beta), svd = s, keep = keep)
}

reference_sweep <- function(x, y, splits, n_train, cutoffs = double(),
                            modes = integer(), no_residuals = FALSE,
                            tol = NULL) {
  beta_star <- reference_min_norm(x, y)$beta
  linear <- drop(x %*% beta_star)
  mse <- function(a, b) mean((a - b)^2)
  rows <- list()
  for (rep in seq_along(splits)) {
    for (n in n_train) {
      train <- splits[[rep]][seq_len(n)]
      x_tr <- x[train, , drop = FALSE]
      x_te <- x[-train, , drop = FALSE]
      y_tr <- y[train]
      y_te <- y[-train]

      fit <- reference_min_norm(x_tr, y_tr, tol = tol)
      rank <- sum(fit$keep)
      v <- fit$svd$v[, fit$keep, drop = FALSE]
      u <- fit$svd$u[, fit$keep, drop = FALSE]
      bias <- if (rank == ncol(x)) {
        0
      } else {
        mean((x_te %*% (v %*% crossprod(v, beta_star) - beta_star))^2)
      }
      resid_tr <- y_tr - drop(x_tr %*% beta_star)
      min_sv <- if (rank > 0) fit$svd$d[rank] else NA_real_
      proj <- if (rank > 0) mean((x_te %*% v[, rank])^2) else NA_real_
      # Sign convention of the package: the largest entry of v_r positive.
      resid_proj <- if (rank > 0) {
        sign_r <- sign(v[which.max(abs(v[, rank])), rank])
        sign_r * sum(u[, rank] * resid_tr)
      } else {
        NA_real_
      }
      shared <- data.frame(
        rep = rep, n_train = n, rank = rank, min_singular_value = min_sv,
        test_bias_sq = bias, min_mode_inv_sv = 1 / min_sv,
        min_mode_test_proj_sq = proj, min_mode_resid_proj = resid_proj
      )
      add <- function(ablation, level, train_mse, test_mse) {
        rows[[length(rows) + 1]] <<- cbind(
          shared,
          ablation = ablation, level = level,
          train_mse = train_mse, test_mse = test_mse
        )
      }

      add(
        "none", NA, mse(x_tr %*% fit$beta, y_tr),
        mse(x_te %*% fit$beta, y_te)
      )
      for (cut in cutoffs) {
        ablated <- reference_min_norm(x_tr, y_tr, cutoff = cut, tol = tol)
        add(
          "sv_cutoff", cut, mse(x_tr %*% ablated$beta, y_tr),
          mse(x_te %*% ablated$beta, y_te)
        )
      }
      # Projected test features times the fit: x V_k V_k' beta. V_k' beta
      # is taken from the mode coefficients u_r'y / s_r, not by projecting
      # beta, whose trailing components can be 1e10 times larger and would
      # swamp the leading ones in rounding (WHO features at N = P).
      for (k in modes) {
        keep <- seq_len(min(k, rank))
        s_k <- svd(x_tr)
        coef_k <- crossprod(s_k$u[, keep, drop = FALSE], y_tr) / s_k$d[keep]
        x_proj <- x_te %*% s_k$v[, keep, drop = FALSE]
        add(
          "test_subspace", k, mse(x_tr %*% fit$beta, y_tr),
          mse(x_proj %*% coef_k, y_te)
        )
      }
      if (no_residuals) {
        lin_tr <- linear[train]
        ablated <- reference_min_norm(x_tr, lin_tr, tol = tol)
        add(
          "no_residuals", NA, mse(x_tr %*% ablated$beta, lin_tr),
          mse(x_te %*% ablated$beta, linear[-train])
        )
      }
    }
  }
  do.call(rbind, rows)
}

# Compares two sweeps column by column: relative tolerance `rtol`; the
# errors (in units of y^2) at rounding level are compared in absolute terms
# with `atol` instead. The other columns have other units and are compared
# relatively only.
expect_sweeps_agree <- function(actual, expected, columns, rtol, atol) {
  squared_errors <- c("train_mse", "test_mse", "test_bias_sq")
  for (col in columns) {
    col_atol <- if (col %in% squared_errors) atol else 0
    a <- actual[[col]]
    e <- expected[[col]]
    both_na <- is.na(a) & is.na(e)
    expect_identical(is.na(a), is.na(e), label = col)
    a <- a[!both_na]
    e <- e[!both_na]
    small <- abs(e) < col_atol / rtol
    err <- ifelse(small, abs(a - e) / col_atol, abs(a - e) / (rtol * abs(e)))
    err[a == e] <- 0
    worst <- if (length(err)) max(err) else 0
    expect_lte(worst, 1, label = paste("scaled error of", col))
  }
}
