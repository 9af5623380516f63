export { importMovieLens, type MovieLensImportOptions } from './movielens.js';
export { importOnlineRetail, type OnlineRetailImportOptions } from './online-retail.js';
export { describeImportReport, type BadRow, type ImportReport } from './report.js';
