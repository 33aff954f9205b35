/** Options every typed restore metadata factory takes. */
export interface RestoreMetadataOptions {
  /**
   * Extra metadata keys, spelled as AWS documents them, for settings the typed props do not cover; validated
   * by the same rules. A key that a typed prop also sets is an error.
   *
   * @default - no extra keys
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html#Backup-StartRestoreJob-request-Metadata
   */
  readonly additionalMetadata?: { [key: string]: string };
}
